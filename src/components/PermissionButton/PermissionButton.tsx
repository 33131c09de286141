import React from 'react';
import { t } from '@grafana/i18n';
import { Button, type ButtonProps, Tooltip } from '@grafana/ui';
import { NO_ESCAPE } from '../../i18n';
import { userCan } from './permissions';

type Props = ButtonProps & {
  /** The RBAC action the request behind the button needs. */
  action: string;
  /** Another reason the button cannot be used now (shown as its tooltip). */
  blockedReason?: string;
};

const VISUALLY_HIDDEN: React.CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
};

/**
 * A button for a write the user may not be allowed to make: without the RBAC action it is
 * disabled and its tooltip names the missing permission, so the user knows whom to ask.
 */
export function PermissionButton({ action, blockedReason, disabled, children, ...rest }: Props) {
  const allowed = userCan(action);
  const reason = !allowed
    ? t('permission.missing', 'You need the permission {{action}}', { action, interpolation: NO_ESCAPE })
    : blockedReason;
  const button = (
    <Button {...rest} disabled={disabled || !!reason} aria-disabled={disabled || !!reason} data-permission={action}>
      {children}
    </Button>
  );
  if (!reason) {
    return button;
  }
  // A disabled button fires no pointer events: the tooltip hangs on a wrapper that does.
  return (
    <Tooltip content={reason}>
      <span data-testid="slm-blocked" data-reason={reason} tabIndex={0} style={{ display: 'inline-block' }}>
        {button}
        <span style={VISUALLY_HIDDEN}>{reason}</span>
      </span>
    </Tooltip>
  );
}
