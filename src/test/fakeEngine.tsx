import React from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { render } from '@testing-library/react';
import { type BackendSrvRequest } from '@grafana/runtime';
import { installBackendSrv, type Reply } from './backendSrv';

/** The app's root as Grafana mounts it. */
export const APP = '/a/slm-servicelevel-app';
/** The engine API behind Grafana's plugin proxy. */
export const BASE = '/api/plugin-proxy/slm-servicelevel-app/api/v1';
/** @grafana/ui's first load and EmptyState's illustration take seconds in jsdom. */
export const SLOW = { timeout: 15000 };

export const ok = (data: unknown): Reply => ({ status: 200, data });
export const notFound = (what: string): Reply => ({
  status: 404,
  data: { error: { code: 'not_found', message: `${what} not found` } },
});

/** `GET /agreements/SLA-1` → `GET agreements/SLA-1` (path under the engine API, with the method). */
export function route(request: BackendSrvRequest): string {
  return `${request.method ?? 'GET'} ${request.url.replace(`${BASE}/`, '')}`;
}

export type Handler = Reply | ((request: BackendSrvRequest) => Reply);

/**
 * A fake engine answering by "METHOD path" (see `route`); anything else gets `otherwise` (a 404 by
 * default). Returns the requests it saw.
 */
export function routedEngine(routes: Record<string, Handler>, otherwise: (route: string) => Reply = notFound) {
  return installBackendSrv((request) => {
    const answer = routes[route(request)];
    if (!answer) {
      return otherwise(route(request));
    }
    return typeof answer === 'function' ? answer(request) : answer;
  });
}

/** The writes among the requests (everything but GET). */
export const writes = (requests: BackendSrvRequest[]) => requests.filter((r) => r.method && r.method !== 'GET');

/** Shows where the app navigated to, for assertions on the URL. */
function LocationProbe({ show }: { show: 'path' | 'search' | 'both' }) {
  const { pathname, search } = useLocation();
  const text = show === 'path' ? pathname : show === 'search' ? search : pathname + search;
  return <output data-testid="location">{text}</output>;
}

/**
 * Renders one page's routes (mounted at `mount`, e.g. `${APP}/parties`) at `path`, with a
 * `location` probe unless `probe` is false.
 */
export function renderPage(
  page: React.ReactElement,
  mount: string,
  path: string,
  probe: 'path' | 'search' | 'both' | false = 'both'
) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path={`${mount}/*`} element={page} />
      </Routes>
      {probe && <LocationProbe show={probe} />}
    </MemoryRouter>
  );
}
