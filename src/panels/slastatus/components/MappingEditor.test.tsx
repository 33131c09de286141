import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { parse } from 'yaml';
import { DEFAULT_OPTIONS, type QueryMapping, type SlaStatusOptions } from '../types';
import { engineError, hourly, installRegistry, promFrame } from '../testSupport';
import { panelTestIds as ids } from '../testIds';
import { MappingEditor } from './MappingEditor';

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
    - id: latency
      objective: 99
      slice: 5m
      sli:
        threshold: { query: { datasource: prom-main, expr: old_p95 }, op: lte, value: 0.3 }
`;

// jsdom has no canvas; Grafana's Combobox measures its option labels with one.
beforeAll(() => {
  HTMLCanvasElement.prototype.getContext = (() => ({ measureText: (text: string) => ({ width: text.length * 7 }), font: '' })) as never;
});

function renderEditor(rows: QueryMapping[], onChange = jest.fn(), options: Partial<SlaStatusOptions> = {}) {
  const frames = [promFrame('C', hourly(0, 2), [0.1, 0.2])];
  render(
    <MappingEditor
      value={rows}
      onChange={onChange}
      item={{} as never}
      context={{ data: frames, options: { ...DEFAULT_OPTIONS, agreementId: 'SLA-1', ...options } }}
    />
  );
  return onChange;
}

test('changing a role and adding a query', async () => {
  const onChange = renderEditor([{ refId: 'C', target: 'latency', role: 'good' }]);
  await userEvent.click(screen.getByRole('radio', { name: 'Value' }));
  expect(onChange).toHaveBeenLastCalledWith([{ refId: 'C', target: 'latency', role: 'value' }]);
  await userEvent.click(screen.getByRole('button', { name: 'Map a query' }));
  expect(onChange).toHaveBeenLastCalledWith([
    { refId: 'C', target: 'latency', role: 'good' },
    { refId: 'A', target: '', role: 'good' },
  ]);
});

test('saving writes the executed expression, comparison and threshold into the agreement with If-Match', async () => {
  const requests = installRegistry((req) => (req.method === 'GET' ? { status: 200, data: YAML, headers: { etag: '"4"' } } : { status: 200, data: { version: 5 } }));
  renderEditor([{ refId: 'C', target: 'latency', role: 'value', op: 'lt', threshold: 0.25 }]);
  await userEvent.click(screen.getByTestId(ids.saveMapping));
  await waitFor(() => expect(screen.getByTestId(ids.saveResult)).toHaveTextContent('Saved to agreement SLA-1: the engine now monitors these queries'));
  const post = requests.find((r) => r.method === 'POST')!;
  expect(post.headers).toEqual({ 'If-Match': '4' });
  const doc = parse((post.data as { yaml: string }).yaml);
  // The expression Grafana executed (frame meta); the datasource the target already had.
  expect(doc.spec.targets[0].sli.threshold).toEqual({ query: { datasource: 'prom-main', expr: 'query_C' }, op: 'lt', value: 0.25 });
});

test('a user who may not change the agreement is told so', async () => {
  installRegistry((req) => (req.method === 'GET' ? { status: 200, data: YAML } : engineError(403, 'forbidden', 'manage permission needed')));
  renderEditor([{ refId: 'C', target: 'latency', role: 'value', op: 'lt', threshold: 0.25 }]);
  await userEvent.click(screen.getByTestId(ids.saveMapping));
  await waitFor(() => expect(screen.getByTestId(ids.saveResult)).toHaveTextContent('You may not change agreement SLA-1'));
});

test('no save action for an ad-hoc objective', () => {
  renderEditor([{ refId: 'C', target: 'sli', role: 'value' }], jest.fn(), { source: 'adhoc' });
  expect(screen.queryByTestId(ids.saveMapping)).not.toBeInTheDocument();
});
