import { engineError, installRegistry } from '../panels/slastatus/testSupport';
import { needsAmendment, openAmendment } from './amendments';
import { EngineError } from './engineClient';

const YAML = `apiVersion: slm/v1
kind: Agreement
metadata: { id: SLA-1, title: Mail }
spec:
  type: SLA
  service: mail
  provider: ops
  counterparty: finance
  timezone: UTC
  window: { calendar: month }
  targets:
    - id: availability
      objective: 99.9
      slice: 5m
      sli:
        ratio:
          good: { datasource: prom, expr: g }
          total: { datasource: prom, expr: t }
`;

test('needsAmendment: only the engine refusing to edit an active agreement without an amendment', () => {
  const notEditable = (details: object) =>
    new EngineError({ kind: 'conflict', code: 'not_editable', message: 'x', status: 409, details, source: 'engine' });
  expect(needsAmendment(notEditable({ state: 'active', amendmentState: null }))).toBe(true);
  expect(needsAmendment(notEditable({ state: 'active', amendmentState: 'pending_signature' }))).toBe(false);
  expect(needsAmendment(notEditable({ state: 'expired', amendmentState: null }))).toBe(false);
  expect(needsAmendment(new EngineError({ kind: 'conflict', code: 'version_mismatch', message: 'x', status: 409, source: 'engine' }))).toBe(false);
});

test('openAmendment posts to /amendments with the version just read', async () => {
  const requests = installRegistry((r) =>
    r.url.endsWith('/export') ? { status: 200, data: YAML, headers: { etag: '"4"' } } : { status: 201, data: { version: 5 } }
  );
  await openAmendment('SLA-1');
  expect(requests[1]).toMatchObject({
    url: '/api/plugin-proxy/slm-servicelevel-app/api/v1/agreements/SLA-1/amendments',
    method: 'POST',
    headers: { 'If-Match': '4' },
  });
  installRegistry((r) => (r.url.endsWith('/export') ? { status: 200, data: YAML, headers: { etag: '"4"' } } : engineError(409, 'illegal_transition', 'not active')));
  await expect(openAmendment('SLA-1')).rejects.toThrow('not active');
});
