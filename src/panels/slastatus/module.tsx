import { PanelPlugin } from '@grafana/data';
import { t } from '@grafana/i18n';
import { initTranslations, resourceLoader } from '../../i18n';
import pluginJson from './plugin.json';
import { MappingEditor } from './components/MappingEditor';
import { periodChoices } from './components/PeriodSwitch';
import { SlaStatusPanel } from './SlaStatusPanel';
import { DEFAULT_OPTIONS as D, type SlaStatusOptions } from './types';

await initTranslations(
  pluginJson.id,
  resourceLoader((language) => import(`./locales/${language}/slm-slastatus-panel.json`))
);

const isTarget = (o: SlaStatusOptions) => o.mode !== 'kpi';
const isAdhoc = (o: SlaStatusOptions) => isTarget(o) && o.source === 'adhoc';

export const plugin = new PanelPlugin<SlaStatusOptions>(SlaStatusPanel).setPanelOptions((builder) => {
  const mapping = [t('options.category.mapping', 'Mapping')];
  const objective = [t('options.category.adhoc', 'Ad-hoc objective')];
  const display = [t('options.category.display', 'Display')];
  const kpi = [t('options.category.kpi', 'KPIs')];
  return builder
    .addRadio({
      path: 'mode',
      name: t('options.mode.name', 'Show'),
      defaultValue: D.mode,
      settings: {
        options: [
          { value: 'target', label: t('options.mode.target', 'Targets') },
          { value: 'kpi', label: t('options.mode.kpi', 'KPIs') },
        ],
      },
    })
    .addRadio({
      path: 'source',
      name: t('options.source.name', 'Objective from'),
      category: mapping,
      defaultValue: D.source,
      showIf: isTarget,
      settings: {
        options: [
          { value: 'registry', label: t('options.source.registry', 'Agreement') },
          { value: 'adhoc', label: t('options.source.adhoc', 'Ad-hoc') },
        ],
      },
    })
    .addTextInput({
      path: 'agreementId',
      name: t('options.agreement.name', 'Agreement'),
      description: t('options.agreement.description', 'ID of the agreement whose targets these queries measure'),
      category: mapping,
      defaultValue: D.agreementId,
      showIf: (o) => isTarget(o) && o.source !== 'adhoc',
    })
    .addCustomEditor({
      id: 'mappings',
      path: 'mappings',
      name: t('options.mappings.name', 'Queries'),
      description: t('options.mappings.description', 'Per query: the target, its role and, for a value, the comparison and threshold'),
      category: mapping,
      defaultValue: D.mappings,
      showIf: isTarget,
      editor: MappingEditor,
    })
    .addNumberInput({
      path: 'objective',
      name: t('options.objective.name', 'Objective (%)'),
      category: objective,
      defaultValue: D.objective,
      showIf: isAdhoc,
    })
    .addNumberInput({
      path: 'warning',
      name: t('options.warning.name', 'Warning level (%)'),
      category: objective,
      showIf: isAdhoc,
    })
    .addSelect({
      path: 'window',
      name: t('options.window.name', 'Compliance window'),
      category: objective,
      defaultValue: D.window,
      showIf: isAdhoc,
      settings: {
        options: [
          { value: 'month', label: t('options.window.month', 'Calendar month') },
          { value: 'week', label: t('options.window.week', 'Calendar week') },
          { value: 'quarter', label: t('options.window.quarter', 'Calendar quarter') },
          { value: 'rolling', label: t('options.window.rolling', 'Rolling') },
        ],
      },
    })
    .addTextInput({
      path: 'rolling',
      name: t('options.rolling.name', 'Rolling window'),
      category: objective,
      defaultValue: D.rolling,
      showIf: (o) => isAdhoc(o) && o.window === 'rolling',
    })
    .addTextInput({
      path: 'timezone',
      name: t('options.timezone.name', 'Time zone'),
      description: t('options.timezone.description', "IANA time zone; empty for the dashboard's"),
      category: objective,
      defaultValue: D.timezone,
      showIf: isAdhoc,
    })
    .addTextInput({
      path: 'slice',
      name: t('options.slice.name', 'Slice'),
      description: t('options.slice.description', 'Evaluation step, e.g. 5m; empty for the query interval'),
      category: objective,
      defaultValue: D.slice,
      showIf: isAdhoc,
    })
    .addRadio({
      path: 'budgeting',
      name: t('options.budgeting.name', 'Budgeting'),
      category: objective,
      defaultValue: D.budgeting,
      showIf: isAdhoc,
      settings: {
        options: [
          { value: 'auto', label: t('options.budgeting.auto', 'Auto') },
          { value: 'occurrences', label: t('options.budgeting.occurrences', 'Events') },
          { value: 'timeslices', label: t('options.budgeting.timeslices', 'Time slices') },
        ],
      },
    })
    .addRadio({
      path: 'period',
      name: t('options.period.name', 'Period'),
      category: display,
      defaultValue: D.period,
      showIf: isTarget,
      settings: { options: periodChoices() },
    })
    .addRadio({
      path: 'layout',
      name: t('options.layout.name', 'Layout'),
      category: display,
      defaultValue: D.layout,
      showIf: isTarget,
      settings: {
        options: [
          { value: 'auto', label: t('options.layout.auto', 'Auto') },
          { value: 'full', label: t('options.layout.full', 'Full') },
          { value: 'compact', label: t('options.layout.compact', 'Compact') },
        ],
      },
    })
    .addSelect({
      path: 'kpiType',
      name: t('options.kpiType.name', 'Agreement type'),
      category: kpi,
      defaultValue: D.kpiType,
      showIf: (o) => o.mode === 'kpi',
      settings: {
        options: [
          { value: '', label: t('options.kpiType.all', 'All types') },
          { value: 'SLA', label: t('options.kpiType.sla', 'SLA (service level agreement)') },
          { value: 'OLA', label: t('options.kpiType.ola', 'OLA (operational level agreement)') },
          { value: 'UC', label: t('options.kpiType.uc', 'UC (underpinning contract)') },
        ],
      },
    })
    .addTextInput({
      path: 'kpiService',
      name: t('options.kpiService.name', 'Service'),
      category: kpi,
      defaultValue: D.kpiService,
      showIf: (o) => o.mode === 'kpi',
    })
    .addTextInput({
      path: 'kpiParty',
      name: t('options.kpiParty.name', 'Party'),
      description: t('options.kpiParty.description', 'Provider or counterparty'),
      category: kpi,
      defaultValue: D.kpiParty,
      showIf: (o) => o.mode === 'kpi',
    });
});
