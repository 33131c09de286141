import { config, hasPermission } from '@grafana/runtime';
import { PLUGIN_ID } from '../../constants';

/**
 * The RBAC action the plugin proxy checks for each engine permission (src/plugin.json routes):
 * agreement writes need `agreements:write`, approvals `agreements:approve`.
 */
export const AGREEMENT_ACTION = {
  read: `${PLUGIN_ID}.agreements:read`,
  manage: `${PLUGIN_ID}.agreements:write`,
  monitor: `${PLUGIN_ID}.breaches:handle`,
  own: `${PLUGIN_ID}.agreements:approve`,
} as const;

/** The RBAC actions the plugin proxy checks for review and improvement plan writes. */
export const REVIEW_WRITE = `${PLUGIN_ID}.reviews:write`;
export const PLAN_WRITE = `${PLUGIN_ID}.plans:write`;

/**
 * Whether the signed-in user holds an RBAC action. Grafana's public check (`hasPermission`, the
 * current user's evaluated permissions); before Grafana has set the current user, the boot data
 * it is made from.
 */
export function userCan(action: string): boolean {
  try {
    return hasPermission(action);
  } catch {
    const permissions = (config.bootData?.user as { permissions?: Record<string, boolean> } | undefined)?.permissions;
    return Boolean(permissions?.[action]);
  }
}
