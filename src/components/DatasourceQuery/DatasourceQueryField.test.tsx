import React, { useState } from 'react';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type DataSourceApi, type DataSourceInstanceSettings, type QueryEditorProps } from '@grafana/data';
import { type DataQuery } from '@grafana/schema';
import { type DataSourceSrv, type GetDataSourceListFilters, setDataSourceSrv } from '@grafana/runtime';
import { DatasourceQueryField, type SliQuery } from './DatasourceQueryField';

type PromQuery = DataQuery & { expr?: string; editorMode?: string };

/** A data source's own editor, as small as one: a text box for `expr` and a mode switch of its own. */
const seen: Array<QueryEditorProps<DataSourceApi, PromQuery>> = [];
function FakePromEditor(props: QueryEditorProps<DataSourceApi, PromQuery>) {
  seen.push(props);
  const { query, onChange } = props;
  return (
    <div>
      <input
        aria-label="PromQL"
        value={query.expr ?? ''}
        onChange={(e) => onChange({ ...query, expr: e.currentTarget.value })}
      />
      <button type="button" onClick={() => onChange({ ...query, editorMode: 'builder' })}>
        builder ({query.editorMode ?? 'code'})
      </button>
    </div>
  );
}

function settings(uid: string, name: string, type: string): DataSourceInstanceSettings {
  return {
    uid,
    name,
    type,
    id: 1,
    access: 'proxy',
    jsonData: {},
    readOnly: false,
    meta: { id: type, name: type, type: 'datasource', metrics: true, info: { logos: { small: '' } } },
  } as unknown as DataSourceInstanceSettings;
}

const LIST = [
  settings('prom-a', 'Prometheus A', 'prometheus'),
  settings('prom-b', 'Prometheus B', 'prometheus'),
  settings('tempo', 'Tempo', 'tempo'),
];

function fakeSrv(get: (uid: string) => Promise<DataSourceApi>): DataSourceSrv {
  return {
    get: (ref) => get(typeof ref === 'string' ? ref : (ref?.uid ?? '')),
    getList: (filters?: GetDataSourceListFilters) => LIST.filter((ds) => !filters?.filter || filters.filter(ds)),
    getInstanceSettings: (ref) => LIST.find((ds) => ds.uid === (typeof ref === 'string' ? ref : ref?.uid)),
    reload: async () => undefined,
    registerRuntimeDataSource: () => undefined,
  };
}

const datasource = (uid: string) =>
  ({ uid, type: 'prometheus', name: uid, components: { QueryEditor: FakePromEditor } }) as unknown as DataSourceApi;

/** The field with its value held the way a form holds it; `model` always has the latest. */
function renderField(initial: SliQuery) {
  const model = { current: initial };
  function Form() {
    const [value, setValue] = useState(initial);
    return (
      <DatasourceQueryField
        value={value}
        refId="good"
        ids={{ datasource: 'good-ds', expr: 'good-expr' }}
        labels={{ datasource: 'Good query: data source uid', expr: 'Good query: expression' }}
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

// jsdom has no IntersectionObserver; @grafana/ui's Select menu creates one to load options lazily.
class QuietIntersectionObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
}
Object.assign(globalThis, { IntersectionObserver: globalThis.IntersectionObserver ?? QuietIntersectionObserver });

afterEach(() => {
  setDataSourceSrv(undefined as unknown as DataSourceSrv);
  seen.length = 0;
});

test("the data source's own editor edits our expression, keeps its own fields and gets the data source", async () => {
  setDataSourceSrv(fakeSrv(async (uid) => datasource(uid)));
  const model = renderField({ datasource: 'prom-a', expr: 'sum(up)' });
  const promql = await screen.findByRole('textbox', { name: 'PromQL' });
  expect(promql).toHaveValue('sum(up)');
  expect(screen.queryByTestId('slm-ds-query-fallback')).not.toBeInTheDocument();
  expect(screen.queryByLabelText('Good query: expression')).not.toBeInTheDocument();

  await userEvent.clear(promql);
  await userEvent.type(promql, 'sum(rate(ok[[5m]))'); // `[[` types one `['
  expect(model.current).toEqual({ datasource: 'prom-a', expr: 'sum(rate(ok[5m]))' });

  // a change to the editor's own field is kept by the editor and does not touch our model
  await userEvent.click(screen.getByRole('button', { name: 'builder (code)' }));
  expect(screen.getByRole('button', { name: 'builder (builder)' })).toBeInTheDocument();
  expect(model.current.expr).toBe('sum(rate(ok[5m]))');
  expect(screen.getByRole('textbox', { name: 'PromQL' })).toHaveValue('sum(rate(ok[5m]))');

  const last = seen[seen.length - 1];
  expect(last.datasource.uid).toBe('prom-a');
  expect(last.query).toMatchObject({
    refId: 'good',
    datasource: { uid: 'prom-a', type: 'prometheus' },
    expr: 'sum(rate(ok[5m]))',
  });
  expect(last.range).toBeDefined();
});

test('picking another data source in the picker changes the uid and loads that data source', async () => {
  const asked: string[] = [];
  setDataSourceSrv(
    fakeSrv(async (uid) => {
      asked.push(uid);
      return datasource(uid);
    })
  );
  const model = renderField({ datasource: 'prom-a', expr: 'up' });
  await screen.findByRole('textbox', { name: 'PromQL' });
  const picker = screen.getByRole('combobox', { name: 'Select a data source' });
  await userEvent.click(picker);
  // only data sources with an `expr` query model are offered
  expect(screen.queryByText('Tempo')).not.toBeInTheDocument();
  await userEvent.click(await screen.findByText('Prometheus B'));
  expect(model.current).toEqual({ datasource: 'prom-b', expr: 'up' });
  await waitFor(() => expect(asked).toContain('prom-b'));
  await waitFor(() => expect(screen.getByTestId('slm-ds-query-editor')).toHaveAttribute('data-datasource', 'prom-b'));
});

test('when the data source cannot be loaded, plain uid and expression inputs appear with the reason', async () => {
  setDataSourceSrv(fakeSrv(async (uid) => Promise.reject(new Error(`Datasource ${uid} was not found`))));
  const model = renderField({ datasource: 'gone', expr: 'up' });
  const note = await screen.findByTestId('slm-ds-query-fallback');
  await waitFor(() => expect(note).toHaveAttribute('data-reason', 'failed'));
  expect(note).toHaveTextContent('The data source gone could not be loaded (Datasource gone was not found)');
  const uid = screen.getByLabelText('Good query: data source uid');
  expect(uid).toHaveValue('gone');
  expect(screen.queryByRole('textbox', { name: 'PromQL' })).not.toBeInTheDocument();

  await userEvent.clear(uid);
  await userEvent.type(uid, 'prom-z');
  await userEvent.type(screen.getByLabelText('Good query: expression'), '[[5m]');
  expect(model.current).toEqual({ datasource: 'prom-z', expr: 'up[5m]' });
  // the picker is one click away
  await userEvent.click(screen.getByRole('button', { name: 'Choose from Grafana’s data sources' }));
  expect(screen.getByRole('combobox', { name: 'Select a data source' })).toBeInTheDocument();
});

test('without Grafana’s data source service the plain inputs say why', async () => {
  const model = renderField({ datasource: 'prom', expr: '' });
  const note = screen.getByTestId('slm-ds-query-fallback');
  expect(note).toHaveAttribute('data-reason', 'unavailable');
  await userEvent.type(screen.getByLabelText('Good query: expression'), 'up');
  expect(model.current).toEqual({ datasource: 'prom', expr: 'up' });
});

test('a data source without a query editor keeps the picker and a text input for the expression', async () => {
  setDataSourceSrv(
    fakeSrv(async (uid) => ({ uid, type: 'prometheus', name: uid, components: {} }) as unknown as DataSourceApi)
  );
  renderField({ datasource: 'prom-a', expr: 'up' });
  await waitFor(() => expect(screen.getByTestId('slm-ds-query-fallback')).toHaveAttribute('data-reason', 'no-editor'));
  expect(screen.getByRole('combobox', { name: 'Select a data source' })).toBeInTheDocument();
  expect(within(screen.getByTestId('slm-ds-query')).getByLabelText('Good query: expression')).toHaveValue('up');
});
