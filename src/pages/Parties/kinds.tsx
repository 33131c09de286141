import React from 'react';
import { t } from '@grafana/i18n';
import { Badge, type BadgeColor } from '@grafana/ui';
import type { PartyKind } from '../../api/parties';

const COLORS: Record<PartyKind, BadgeColor> = { customer: 'purple', internal: 'blue', supplier: 'orange' };

export function kindLabel(kind: PartyKind): string {
  const labels: Record<PartyKind, string> = {
    customer: t('pages.parties.kind.customer', 'Customer'),
    internal: t('pages.parties.kind.internal', 'Internal team'),
    supplier: t('pages.parties.kind.supplier', 'Supplier'),
  };
  return labels[kind] ?? kind;
}

export function kindDescription(kind: PartyKind): string {
  const labels: Record<PartyKind, string> = {
    customer: t('pages.parties.kind.customer-description', 'Receives services under SLAs'),
    internal: t('pages.parties.kind.internal-description', 'Provides or supports services under OLAs'),
    supplier: t('pages.parties.kind.supplier-description', 'Supports services under underpinning contracts'),
  };
  return labels[kind] ?? kind;
}

export function KindBadge({ kind }: { kind: PartyKind }) {
  return <Badge text={kindLabel(kind)} color={COLORS[kind] ?? 'darkgrey'} tooltip={kindDescription(kind)} />;
}
