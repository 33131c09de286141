import React from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Icon, useStyles2, type IconName } from '@grafana/ui';
import { NO_ESCAPE } from '../../../i18n';
import { agreementUrl } from '../format';
import type { PanelIssue } from '../mapping';
import { PanelLink } from './PanelLink';
import { panelTestIds } from '../testIds';

const roleName = (role: string) =>
  role === 'good'
    ? t('role.good', 'good events')
    : role === 'total'
      ? t('role.total', 'total events')
      : t('role.value', 'value');

const list = (roles: string[]) => roles.map(roleName).join(', ');

/** The sentence for an issue; every kind the panel can meet has its own. */
export function issueText(issue: PanelIssue): string {
  const i = NO_ESCAPE;
  switch (issue.kind) {
    case 'unmapped':
      return t('panel.unmapped', "Map this panel's queries to an agreement target in the panel options");
    case 'no_agreement':
      return t('message.noAgreement', 'Choose the agreement whose targets these queries measure in the panel options');
    case 'incomplete':
      return t('message.incomplete', 'Target {{target}} needs a query for: {{missing}}. Map one in the panel options', {
        target: issue.target,
        missing: list(issue.missing),
        interpolation: i,
      });
    case 'role_mismatch':
      return t('message.roleMismatch', 'Query {{refId}} is mapped as {{role}}, but target {{target}} takes: {{expected}}', {
        refId: issue.refId,
        role: roleName(issue.role),
        target: issue.target,
        expected: list(issue.expected),
        interpolation: i,
      });
    case 'duplicate_role':
      return t('message.duplicateRole', 'Target {{target}} has two queries mapped as {{role}}; keep one', {
        target: issue.target,
        role: roleName(issue.role),
        interpolation: i,
      });
    case 'unknown_target':
      return t('message.unknownTarget', 'Agreement {{agreementId}} has no target {{target}} (its targets: {{known}})', {
        agreementId: issue.agreementId,
        target: issue.target,
        known: issue.known.join(', '),
        interpolation: i,
      });
    case 'several_series':
      return t(
        'message.severalSeries',
        'Query {{refId}} returns {{count}} series; an SLI needs exactly one. Aggregate it, e.g. with sum(...)',
        { refId: issue.refId, count: issue.count, interpolation: i }
      );
    case 'non_numeric':
      return t('message.nonNumeric', 'Query {{refId}} does not return numbers (a log query instead of a metric query?)', {
        refId: issue.refId,
        interpolation: i,
      });
    case 'frames':
      return t('message.frames', 'Query {{refId}} cannot be used: {{detail}}', {
        refId: issue.refId,
        detail: issue.detail,
        interpolation: i,
      });
    case 'invalid':
      return t('message.invalid', 'The objective is not valid: {{errors}}', { errors: issue.errors.join('; '), interpolation: i });
    case 'forbidden':
      return t('message.forbidden', 'You may not read agreement {{agreementId}}. Ask a service level manager for access', {
        agreementId: issue.agreementId,
        interpolation: i,
      });
    case 'not_found':
      return t('message.notFound', 'Agreement {{agreementId}} does not exist in the registry', {
        agreementId: issue.agreementId,
        interpolation: i,
      });
    default:
      return t('message.engine', 'The agreement registry cannot be reached: {{detail}}', { detail: issue.detail, interpolation: i });
  }
}

const ICONS: Partial<Record<PanelIssue['kind'], IconName>> = {
  unmapped: 'link',
  no_agreement: 'link',
  forbidden: 'lock',
  several_series: 'layer-group',
};

export function PanelMessage({ issue, width, height }: { issue: PanelIssue; width: number; height: number }) {
  const styles = useStyles2(getStyles);
  const testId = issue.kind === 'unmapped' ? panelTestIds.unmapped : panelTestIds.message;
  const agreementId = 'agreementId' in issue ? issue.agreementId : undefined;
  return (
    <div className={styles.message} style={{ width, height }} data-testid={testId} data-kind={issue.kind} role="status">
      <Icon name={ICONS[issue.kind] ?? 'exclamation-triangle'} size="lg" />
      <p>{issueText(issue)}</p>
      {agreementId && issue.kind === 'unknown_target' && (
        <PanelLink href={agreementUrl(agreementId)}>
          {t('message.openAgreement', 'Open the agreement')}
        </PanelLink>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  message: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    gap: theme.spacing(1),
    color: theme.colors.text.secondary,
    textAlign: 'center',
    padding: theme.spacing(1),
    overflow: 'auto',
    p: { margin: 0, maxWidth: 480 },
  }),
});
