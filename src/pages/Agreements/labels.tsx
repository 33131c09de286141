import React from 'react';
import { t } from '@grafana/i18n';
import { Badge, type BadgeColor } from '@grafana/ui';
import type { AmendmentState, LifecycleState, MoveTarget, VersionStatus } from '../../api/agreements';
import type { AgreementType } from '../../domain';
import { NO_ESCAPE } from '../../i18n';

export function stateLabel(state: LifecycleState): string {
  const labels: Record<LifecycleState, string> = {
    draft: t('pages.agreements.state.draft', 'Draft'),
    negotiating: t('pages.agreements.state.negotiating', 'Negotiating'),
    pending_signature: t('pages.agreements.state.pending-signature', 'Pending signature'),
    active: t('pages.agreements.state.active', 'Active'),
    expired: t('pages.agreements.state.expired', 'Expired'),
    terminated: t('pages.agreements.state.terminated', 'Terminated'),
  };
  return labels[state] ?? state;
}

const STATE_COLORS: Record<LifecycleState, BadgeColor> = {
  draft: 'darkgrey',
  negotiating: 'blue',
  pending_signature: 'orange',
  active: 'green',
  expired: 'darkgrey',
  terminated: 'red',
};

export function StateBadge({ state, amendment }: { state: LifecycleState; amendment?: { state: AmendmentState } | null }) {
  return (
    <span data-testid="slm-agreement-state" data-state={state}>
      <Badge text={stateLabel(state)} color={STATE_COLORS[state] ?? 'darkgrey'} />
      {amendment && (
        <>
          {' '}
          <Badge
            text={t('pages.agreements.amendment', 'Amendment: {{state}}', { state: stateLabel(amendment.state), interpolation: NO_ESCAPE })}
            color={STATE_COLORS[amendment.state]}
            icon="pen"
          />
        </>
      )}
    </span>
  );
}

const TYPE_COLORS: Record<AgreementType, BadgeColor> = { SLA: 'purple', OLA: 'blue', UC: 'orange' };

export function typeTitle(type: AgreementType): string {
  const titles: Record<AgreementType, string> = {
    SLA: t('pages.agreements.type.sla', 'Service level agreement (with a customer)'),
    OLA: t('pages.agreements.type.ola', 'Operational level agreement (between internal teams)'),
    UC: t('pages.agreements.type.uc', 'Underpinning contract (with a supplier)'),
  };
  return titles[type];
}

export function TypeBadge({ type }: { type: AgreementType }) {
  return <Badge text={type} color={TYPE_COLORS[type] ?? 'darkgrey'} tooltip={typeTitle(type)} />;
}

export function moveLabel(to: MoveTarget): string {
  const labels: Record<MoveTarget, string> = {
    draft: t('pages.agreements.move.draft', 'Back to draft'),
    negotiating: t('pages.agreements.move.negotiating', 'Start negotiation'),
    pending_signature: t('pages.agreements.move.pending-signature', 'Send for signature'),
    active: t('pages.agreements.move.active', 'Activate'),
    amendment: t('pages.agreements.move.amendment', 'Start an amendment'),
    terminated: t('pages.agreements.move.terminated', 'Terminate'),
    expired: t('pages.agreements.move.expired', 'Expire'),
  };
  return labels[to] ?? to;
}

export function versionStatusLabel(status: VersionStatus): string {
  const labels: Record<VersionStatus, string> = {
    working: t('pages.agreements.version-status.working', 'Working draft'),
    pending_signature: t('pages.agreements.version-status.pending-signature', 'Pending signature'),
    in_force: t('pages.agreements.version-status.in-force', 'In force'),
    superseded: t('pages.agreements.version-status.superseded', 'Superseded'),
    withdrawn: t('pages.agreements.version-status.withdrawn', 'Withdrawn'),
    expired: t('pages.agreements.version-status.expired', 'Expired'),
    terminated: t('pages.agreements.version-status.terminated', 'Terminated'),
  };
  return labels[status] ?? status;
}

/** `sha256:abcdef…` → `abcdef12` (enough to compare by eye). */
export function shortHash(hash: string): string {
  return hash.replace(/^sha256:/, '').slice(0, 12);
}

export { formatTime } from '../../components/Monitoring/format';
