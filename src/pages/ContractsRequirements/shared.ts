import { PLUGIN_ID, ROUTES, prefixRoute } from '../../constants';

/** The RBAC action the plugin proxy checks for contract and requirement writes (src/plugin.json). */
export const CONTRACTS_WRITE = `${PLUGIN_ID}.contracts:write`;

export const contractUrl = (ref: string) => `${prefixRoute(ROUTES.ContractsRequirements)}/${encodeURIComponent(ref)}`;

/** `from – to`, or `from –` for an open-ended term. */
export const termText = (term: { from: string; to: string | null }) => `${term.from} – ${term.to ?? '…'}`;

export const percentText = (v: number | null, digits = 3) => (v === null ? '–' : `${Number(v.toFixed(digits))} %`);
