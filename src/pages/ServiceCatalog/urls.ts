import { PLUGIN_ID, ROUTES, prefixRoute } from '../../constants';

/** RBAC actions the plugin proxy checks for catalog and party writes (src/plugin.json routes). */
export const CATALOG_WRITE = `${PLUGIN_ID}.catalog:write`;
export const PARTIES_WRITE = `${PLUGIN_ID}.parties:write`;

const enc = encodeURIComponent;

export const catalogUrl = () => prefixRoute(ROUTES.ServiceCatalog);
export const newServiceUrl = () => `${catalogUrl()}/new`;
export const serviceUrl = (key: string) => `${catalogUrl()}/${enc(key)}`;
export const serviceEditUrl = (key: string) => `${serviceUrl(key)}/edit`;

export const partiesUrl = () => prefixRoute(ROUTES.Parties);
export const newPartyUrl = () => `${partiesUrl()}/new`;
export const partyUrl = (key: string) => `${partiesUrl()}/${enc(key)}`;
export const partyEditUrl = (key: string) => `${partyUrl(key)}/edit`;

export { agreementPageUrl as agreementUrl } from '../../constants';
export const agreementsOfServiceUrl = (key: string) => `${prefixRoute(ROUTES.Agreements)}?service=${enc(key)}`;
export const agreementsOfPartyUrl = (key: string) => `${prefixRoute(ROUTES.Agreements)}?party=${enc(key)}`;
export const newAgreementForServiceUrl = (key: string) => `${prefixRoute(ROUTES.Agreements)}/new?service=${enc(key)}`;

/** A service's dashboard, told which service it is showing so its own links can lead back here. */
export const dashboardUrl = (uid: string, service: string) => `/d/${enc(uid)}?var-service=${enc(service)}`;

/** Grafana's editor of an alerting contact point, found by name. */
export const contactPointUrl = (name: string) =>
  `/alerting/notifications/receivers/${enc(name)}/edit?alertmanager=grafana`;
