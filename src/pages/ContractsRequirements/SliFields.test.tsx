import React, { useState } from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type DataSourceApi, type QueryEditorProps } from '@grafana/data';
import { type DataQuery } from '@grafana/schema';
import { type DataSourceSrv, setDataSourceSrv } from '@grafana/runtime';
import { EMPTY_SLI, type SliDraft, SliFields, sliOf } from './SliFields';

function PromEditor({ query, onChange }: QueryEditorProps<DataSourceApi, DataQuery & { expr?: string }>) {
  return (
    <input
      aria-label={`PromQL ${query.refId}`}
      value={query.expr ?? ''}
      onChange={(e) => onChange({ ...query, expr: e.currentTarget.value })}
    />
  );
}

function install(get: (uid: string) => Promise<DataSourceApi>) {
  setDataSourceSrv({
    get: (ref) => get(String(ref)),
    getList: () => [],
    getInstanceSettings: () => undefined,
    reload: async () => undefined,
    registerRuntimeDataSource: () => undefined,
  } as DataSourceSrv);
}

function renderSli(initial: SliDraft) {
  const model = { current: initial };
  function Form() {
    const [value, setValue] = useState(initial);
    return (
      <SliFields
        idPrefix="gap"
        value={value}
        onChange={(v) => {
          model.current = v;
          setValue(v);
        }}
      />
    );
  }
  render(<Form />);
  return model;
}

afterEach(() => setDataSourceSrv(undefined as unknown as DataSourceSrv));

test('the good and total queries are edited in the data source’s own editor, sharing its uid', async () => {
  install(
    async (uid) =>
      ({ uid, type: 'prometheus', name: uid, components: { QueryEditor: PromEditor } }) as unknown as DataSourceApi
  );
  const model = renderSli({ ...EMPTY_SLI, datasource: 'prom', good: 'sum(good)', total: 'sum(total)' });
  const good = await screen.findByRole('textbox', { name: 'PromQL good' });
  expect(screen.getByRole('textbox', { name: 'PromQL total' })).toHaveValue('sum(total)');
  await userEvent.clear(good);
  await userEvent.type(good, 'sum(ok)');
  expect(sliOf(model.current)).toEqual({
    ratio: { good: { datasource: 'prom', expr: 'sum(ok)' }, total: { datasource: 'prom', expr: 'sum(total)' } },
  });
  // a threshold SLI gets the editor for its value query
  await userEvent.click(screen.getByRole('radio', { name: 'Value against a threshold' }));
  await userEvent.type(await screen.findByRole('textbox', { name: 'PromQL value' }), 'p95');
  expect(model.current.value).toBe('p95');
});

test('a data source that cannot be loaded falls back to text inputs, with the reason', async () => {
  install(async () => Promise.reject(new Error('not found')));
  const model = renderSli({ ...EMPTY_SLI, datasource: 'nope', good: 'sum(good)' });
  await waitFor(() => expect(screen.getByTestId('slm-ds-query-fallback')).toHaveAttribute('data-reason', 'failed'));
  expect(screen.getByTestId('slm-ds-query-fallback')).toHaveTextContent(
    'The data source nope could not be loaded (not found)'
  );
  expect(screen.getByLabelText(/^Datasource uid/)).toHaveValue('nope');
  await userEvent.type(screen.getByLabelText(/^Total events query/), 'sum(total)');
  expect(model.current.total).toBe('sum(total)');
});
