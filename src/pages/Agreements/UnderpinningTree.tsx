import React from 'react';
import { Link } from 'react-router-dom';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Alert, Icon, LoadingPlaceholder, Text, useStyles2 } from '@grafana/ui';
import { type AgreementDetail, type ConsistencyWarning, getAgreementDetail } from '../../api/agreements';
import { consistencyText } from './consistencyText';
import { type EngineError } from '../../api/engineClient';
import { NO_ESCAPE } from '../../i18n';
import { agreementUrl } from './AgreementList';
import { StateBadge, TypeBadge } from './labels';
import { useAsync } from '../../hooks/useAsync';

/** SLA → OLAs / UCs → …: deep enough for any real chain, and a guard against a cycle slipping in. */
const MAX_DEPTH = 6;

export function UnderpinningTree({ agreement }: { agreement: AgreementDetail }) {
  const links = agreement.underpinnedBy;
  const general = agreement.consistency.filter((w) => !links.includes(w.underpinning.agreement));
  if (links.length === 0) {
    return (
      <Text color="secondary" element="p">
        {agreement.type === 'UC'
          ? t('pages.agreements.detail.underpinning-uc', 'An underpinning contract relies on no other agreement.')
          : t('pages.agreements.detail.underpinning-none', 'This agreement names no underpinning OLAs or UCs.')}
      </Text>
    );
  }
  return (
    <div data-testid="slm-underpinning-tree">
      <Warnings warnings={general} of={agreement.id} />
      <ul role="tree" aria-label={t('pages.agreements.detail.underpinning', 'Underpinning agreements')}>
        {links.map((id) => (
          <Node
            key={id}
            id={id}
            warnings={agreement.consistency.filter((w) => w.underpinning.agreement === id)}
            depth={1}
            seen={[agreement.id]}
          />
        ))}
      </ul>
    </div>
  );
}

function Node({
  id,
  warnings,
  depth,
  seen,
}: {
  id: string;
  warnings: ConsistencyWarning[];
  depth: number;
  seen: string[];
}) {
  const styles = useStyles2(getStyles);
  const detail = useAsync(() => getAgreementDetail(id), id);
  return (
    <li role="treeitem" aria-selected={false} className={styles.node} data-testid={`slm-underpinning-${id}`}>
      <div className={styles.line}>
        <Link className={styles.link} to={agreementUrl(id)}>
          {id}
        </Link>
        {detail.status === 'loading' && <LoadingPlaceholder text="" className={styles.loading} />}
        {detail.status === 'done' && (
          <>
            <TypeBadge type={detail.value.type} />
            <StateBadge state={detail.value.state} amendment={detail.value.amendment} />
            <span>{detail.value.title}</span>
          </>
        )}
        {detail.status === 'error' && <Missing error={detail.error} />}
      </div>
      <Warnings warnings={warnings} of={seen[seen.length - 1]} />
      {detail.status === 'done' && detail.value.underpinnedBy.length > 0 && depth < MAX_DEPTH && !seen.includes(id) && (
        <ul role="group">
          {detail.value.underpinnedBy.map((child) => (
            <Node
              key={child}
              id={child}
              warnings={detail.value.consistency.filter((w) => w.underpinning.agreement === child)}
              depth={depth + 1}
              seen={[...seen, id]}
            />
          ))}
        </ul>
      )}
    </li>
  );
}

function Missing({ error }: { error: EngineError }) {
  return (
    <Text color="error">
      {error.kind === 'not_found'
        ? t('pages.agreements.detail.underpinning-missing', 'not found in the registry')
        : t('pages.agreements.detail.underpinning-failed', 'could not be loaded: {{message}}', {
            message: error.message,
            interpolation: NO_ESCAPE,
          })}
    </Text>
  );
}

/** `of`: the agreement the warnings are about (the one these underpin). */
function Warnings({ warnings, of }: { warnings: ConsistencyWarning[]; of: string }) {
  if (warnings.length === 0) {
    return null;
  }
  return (
    <Alert
      severity="warning"
      title={t('pages.agreements.detail.consistency-title', 'Consistency warning')}
      data-testid="slm-consistency-warning"
    >
      <ul>
        {warnings.map((w, i) => (
          <li key={i}>
            <Icon name="exclamation-triangle" /> {consistencyText(w, of)}
          </li>
        ))}
      </ul>
    </Alert>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  node: css({
    listStyle: 'none',
    marginLeft: theme.spacing(2),
    paddingLeft: theme.spacing(2),
    borderLeft: `1px solid ${theme.colors.border.medium}`,
    paddingBottom: theme.spacing(1),
  }),
  line: css({
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'center',
    flexWrap: 'wrap',
    padding: theme.spacing(0.5, 0),
  }),
  link: css({
    color: theme.colors.text.link,
    fontWeight: theme.typography.fontWeightMedium,
    '&:hover': { textDecoration: 'underline' },
  }),
  loading: css({ marginBottom: 0 }),
});
