import React from 'react';
import { t } from '@grafana/i18n';
import { LinkButton } from '@grafana/ui';
import { engineUrl } from '../../api/engineClient';

/** The process outputs the engine renders as a document set (GET /exports/<set>.pdf|.md). */
export type DocumentSet = 'catalog' | 'agreements';

export const documentSetUrl = (set: DocumentSet, format: 'pdf' | 'md') => engineUrl(`/exports/${set}.${format}`);

/** Download links of a document set, for a list page's action bar. */
export function DocumentExportLinks({ set }: { set: DocumentSet }) {
  return (
    <>
      <LinkButton href={documentSetUrl(set, 'pdf')} download icon="file-blank" variant="secondary" fill="text" data-testid={`slm-export-${set}-pdf`}>
        {t('components.export.pdf', 'Export PDF')}
      </LinkButton>
      <LinkButton href={documentSetUrl(set, 'md')} download icon="file-alt" variant="secondary" fill="text" data-testid={`slm-export-${set}-md`}>
        {t('components.export.markdown', 'Export Markdown')}
      </LinkButton>
    </>
  );
}
