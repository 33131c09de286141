import { PanelPlugin } from '@grafana/data';
import { t } from '@grafana/i18n';
import { initTranslations, resourceLoader } from '../../i18n';
import pluginJson from './plugin.json';
import { SlaStatusPanel } from './SlaStatusPanel';
import { type SlaStatusOptions } from './types';

await initTranslations(
  pluginJson.id,
  resourceLoader((language) => import(`./locales/${language}/slm-slastatus-panel.json`))
);

export const plugin = new PanelPlugin<SlaStatusOptions>(SlaStatusPanel).setPanelOptions((builder) =>
  builder
    .addTextInput({
      path: 'agreementId',
      name: t('options.agreement.name', 'Agreement'),
      description: t('options.agreement.description', 'ID of the agreement whose target this panel shows'),
      defaultValue: '',
    })
    .addTextInput({
      path: 'targetId',
      name: t('options.target.name', 'Target'),
      description: t('options.target.description', 'ID of the target within the agreement'),
      defaultValue: '',
    })
);
