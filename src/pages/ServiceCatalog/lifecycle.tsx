import React from 'react';
import { t } from '@grafana/i18n';
import { Badge, type BadgeColor } from '@grafana/ui';
import type { ServiceLifecycle } from '../../api/services';

const COLORS: Record<ServiceLifecycle, BadgeColor> = { planned: 'blue', live: 'green', retired: 'darkgrey' };

export function lifecycleLabel(lifecycle: ServiceLifecycle): string {
  const labels: Record<ServiceLifecycle, string> = {
    planned: t('pages.catalog.lifecycle.planned', 'Planned'),
    live: t('pages.catalog.lifecycle.live', 'Live'),
    retired: t('pages.catalog.lifecycle.retired', 'Retired'),
  };
  return labels[lifecycle] ?? lifecycle;
}

export function LifecycleBadge({ lifecycle }: { lifecycle: ServiceLifecycle }) {
  return <Badge text={lifecycleLabel(lifecycle)} color={COLORS[lifecycle] ?? 'darkgrey'} />;
}
