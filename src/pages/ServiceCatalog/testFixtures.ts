import type { CatalogService } from '../../api/services';
import { type Reply } from '../../test/backendSrv';

export { APP, SLOW, ok, route, routedEngine as engine } from '../../test/fakeEngine';

export const CATALOG_WRITE = 'slm-servicelevel-app.catalog:write';
export const PARTIES_WRITE = 'slm-servicelevel-app.parties:write';
export const page = (items: unknown[]): Reply => ({
  status: 200,
  data: { items, total: items.length, limit: 500, offset: 0 },
});

export function service(key: string, over: Partial<CatalogService> = {}): CatalogService {
  return {
    key,
    name: key.charAt(0).toUpperCase() + key.slice(1),
    description: '',
    category: '',
    features: [],
    usageScenarios: [],
    ownerTeam: null,
    lifecycle: 'live',
    serviceHours: [],
    dependencies: [],
    dashboards: [],
    version: 1,
    createdAt: '2026-01-05T08:00:00.000Z',
    createdBy: 'manager',
    updatedAt: '2026-01-05T08:00:00.000Z',
    updatedBy: 'manager',
    ...over,
  };
}

export const validationFailed = (issues: Array<{ path: string; message: string }>): Reply => ({
  status: 400,
  data: { error: { code: 'validation_failed', message: 'invalid request body', details: { issues } } },
});

export const versionConflict = (expected: number, current: number): Reply => ({
  status: 409,
  data: {
    error: {
      code: 'version_conflict',
      message: `changed by someone else: you sent version ${expected}, the current version is ${current}`,
      details: { expectedVersion: expected, currentVersion: current },
    },
  },
});
