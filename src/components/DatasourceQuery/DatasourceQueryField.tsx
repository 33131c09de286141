import React, { Component, type ErrorInfo, type ReactNode, useState } from 'react';
import { css } from '@emotion/css';
import { CoreApp, type DataSourceInstanceSettings, type GrafanaTheme2, getDefaultTimeRange } from '@grafana/data';
import { t } from '@grafana/i18n';
import { DataSourcePicker } from '@grafana/runtime';
import { type DataQuery } from '@grafana/schema';
import { Button, Field, Input, Text, useStyles2 } from '@grafana/ui';
import { NO_ESCAPE } from '../../i18n';
import { type QueryEditorState, hasDataSourceSrv, useQueryEditor } from './useQueryEditor';

/** A query as agreements and requirements store it (DESIGN §4): a data source uid and an expression. */
export interface SliQuery {
  datasource: string;
  expr: string;
}

/**
 * The engine and the evaluator send `expr` to Grafana's /api/ds/query, so only data sources whose
 * query model has an `expr` (Prometheus and its compatibles, Loki metric queries) can be chosen.
 */
export function isExprDatasource(ds: Pick<DataSourceInstanceSettings, 'type'>): boolean {
  return /prometheus|loki/i.test(ds.type);
}

/** Our expression in the data source's query model, keeping whatever else its editor put there. */
export function toDataQuery(
  extra: DataQuery | undefined,
  refId: string,
  ds: { uid: string; type: string },
  expr: string
) {
  return { ...extra, refId, datasource: { uid: ds.uid, type: ds.type }, expr };
}

/** The expression back out of the editor's query; a query without a text `expr` has none. */
export function exprOf(query: DataQuery): string {
  const expr = (query as DataQuery & { expr?: unknown }).expr;
  return typeof expr === 'string' ? expr : '';
}

interface DatasourceFieldProps {
  uid: string;
  onChange: (uid: string) => void;
  state: QueryEditorState;
  id: string;
  label: string;
  description?: string;
  error?: string;
  width?: number;
}

/**
 * Grafana's data source picker; the plain uid input where Grafana's data source service is
 * missing, or once the typed uid could not be loaded (the user may be fixing it by hand).
 */
export function DatasourceField({
  uid,
  onChange,
  state,
  id,
  label,
  description,
  error,
  width = 32,
}: DatasourceFieldProps) {
  // once a typed uid failed to load, the input stays while the user fixes it (each keystroke reloads)
  const [mode, setMode] = useState<'auto' | 'typed' | 'picker'>('auto');
  if (state.status === 'failed' && mode === 'auto') {
    setMode('typed');
  }
  const plain = state.status === 'unavailable' || mode === 'typed' || (mode === 'auto' && state.status === 'failed');
  return (
    <Field label={label} description={description} invalid={!!error} error={error} htmlFor={id}>
      {plain ? (
        <>
          <Input
            id={id}
            value={uid}
            width={width}
            invalid={!!error}
            onChange={(e) => onChange(e.currentTarget.value)}
          />
          {state.status !== 'unavailable' && (
            <Button size="sm" variant="secondary" fill="text" icon="list-ul" onClick={() => setMode('picker')}>
              {t('components.datasource-query.pick', 'Choose from Grafana’s data sources')}
            </Button>
          )}
        </>
      ) : (
        <DataSourcePicker
          inputId={id}
          current={uid || null}
          noDefault
          metrics
          filter={isExprDatasource}
          width={width}
          invalid={!!error}
          onChange={(ds) => onChange(ds.uid)}
        />
      )}
    </Field>
  );
}

interface ExpressionFieldProps {
  expr: string;
  onChange: (expr: string) => void;
  state: QueryEditorState;
  id: string;
  label: string;
  error?: string;
  /** refId the data source's editor sees (a readable name for its own messages). */
  refId: string;
  onRunQuery?: () => void;
  width?: number;
}

/** The data source's own QueryEditor when it is loaded, otherwise a text input for the expression. */
export function ExpressionField({
  expr,
  onChange,
  state,
  id,
  label,
  error,
  refId,
  onRunQuery,
  width,
}: ExpressionFieldProps) {
  const [broken, setBroken] = useState<string | null>(null);
  const plainInput = (
    <Field label={label} invalid={!!error} error={error}>
      <Input id={id} value={expr} width={width} onChange={(e) => onChange(e.currentTarget.value)} />
    </Field>
  );
  if (state.status !== 'ready' || broken !== null) {
    return (
      <>
        {plainInput}
        {broken !== null && state.status === 'ready' && (
          <Text color="secondary" variant="bodySmall">
            {t(
              'components.datasource-query.editor-failed',
              'The query editor of {{uid}} failed ({{message}}): type the query as text.',
              {
                uid: state.uid,
                message: broken,
                interpolation: NO_ESCAPE,
              }
            )}
          </Text>
        )}
      </>
    );
  }
  return (
    <Field label={label} invalid={!!error} error={error}>
      <>
        <EditorBoundary key={state.uid} onError={setBroken}>
          <DatasourceEditor state={state} expr={expr} refId={refId} onChange={onChange} onRunQuery={onRunQuery} />
        </EditorBoundary>
      </>
    </Field>
  );
}

function DatasourceEditor({
  state,
  expr,
  refId,
  onChange,
  onRunQuery,
}: {
  state: Extract<QueryEditorState, { status: 'ready' }>;
  expr: string;
  refId: string;
  onChange: (expr: string) => void;
  onRunQuery?: () => void;
}) {
  const styles = useStyles2(getStyles);
  // the editor's own fields (editor mode, legend…) live here; only the expression is ours
  const [extra, setExtra] = useState<DataQuery | undefined>(undefined);
  const [range] = useState(getDefaultTimeRange);
  const { Editor, datasource } = state;
  const query = toDataQuery(extra, refId, { uid: datasource.uid, type: datasource.type }, expr);
  return (
    <div className={styles.editor} data-testid="slm-ds-query-editor" data-datasource={datasource.uid}>
      <Editor
        datasource={datasource}
        query={query}
        queries={[query]}
        range={range}
        app={CoreApp.Unknown}
        onRunQuery={onRunQuery ?? (() => undefined)}
        onChange={(next: DataQuery) => {
          setExtra(next);
          const nextExpr = exprOf(next);
          if (nextExpr !== expr) {
            onChange(nextExpr);
          }
        }}
      />
    </div>
  );
}

class EditorBoundary extends Component<
  { children: ReactNode; onError: (message: string) => void },
  { failed: boolean }
> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  componentDidCatch(error: Error, _info: ErrorInfo) {
    this.props.onError(error.message);
  }

  render() {
    return this.state.failed ? null : this.props.children;
  }
}

/** Why the plain inputs are shown instead of the data source's own editor; nothing when the editor is there. */
export function QueryEditorNote({ state }: { state: QueryEditorState }) {
  const note = noteText(state);
  return note ? (
    <Text
      color="secondary"
      variant="bodySmall"
      element="p"
      data-testid="slm-ds-query-fallback"
      data-reason={state.status}
    >
      {note}
    </Text>
  ) : null;
}

function noteText(state: QueryEditorState): string | null {
  switch (state.status) {
    case 'unavailable':
      return t(
        'components.datasource-query.unavailable',
        'Grafana’s data source service is not available here, so the data source’s own query editor cannot be shown: type the data source uid and the query.'
      );
    case 'failed':
      return t(
        'components.datasource-query.load-failed',
        'The data source {{uid}} could not be loaded ({{message}}): type its uid and the query as text.',
        {
          uid: state.uid,
          message: state.message,
          interpolation: NO_ESCAPE,
        }
      );
    case 'no-editor':
      return t(
        'components.datasource-query.no-editor',
        'The data source {{uid}} has no query editor: type the query as text.',
        {
          uid: state.uid,
          interpolation: NO_ESCAPE,
        }
      );
    case 'loading':
      return t('components.datasource-query.loading', 'Loading the query editor of {{uid}}…', {
        uid: state.uid,
        interpolation: NO_ESCAPE,
      });
    default:
      return null;
  }
}

interface Props {
  value: SliQuery;
  onChange: (value: SliQuery) => void;
  ids: { datasource: string; expr: string };
  labels: { datasource: string; expr: string };
  errors?: { datasource?: string; expr?: string };
  refId: string;
  onRunQuery?: () => void;
}

/**
 * One SLI query: Grafana's data source picker and the picked data source's own query editor,
 * mapped to and from `{ datasource: uid, expr }`. Where Grafana's data source plugins are not
 * available, or the data source or its editor cannot be loaded, plain uid and expression inputs
 * with a short note why.
 */
export function DatasourceQueryField({ value, onChange, ids, labels, errors = {}, refId, onRunQuery }: Props) {
  const styles = useStyles2(getStyles);
  const state = useQueryEditor(value.datasource);
  return (
    <div className={styles.field} data-testid="slm-ds-query" data-editor={state.status}>
      <div className={styles.row}>
        <DatasourceField
          uid={value.datasource}
          onChange={(datasource) => onChange({ ...value, datasource })}
          state={state}
          id={ids.datasource}
          label={labels.datasource}
          error={errors.datasource}
        />
        <div className={styles.grow}>
          <ExpressionField
            expr={value.expr}
            onChange={(expr) => onChange({ ...value, expr })}
            state={state}
            id={ids.expr}
            label={labels.expr}
            error={errors.expr}
            refId={refId}
            onRunQuery={onRunQuery}
          />
        </div>
      </div>
      <QueryEditorNote state={state} />
    </div>
  );
}

export { hasDataSourceSrv, useQueryEditor };

const getStyles = (theme: GrafanaTheme2) => ({
  field: css({ display: 'flex', flexDirection: 'column' }),
  row: css({ display: 'flex', gap: theme.spacing(2), flexWrap: 'wrap', alignItems: 'flex-start' }),
  grow: css({ flex: 1, minWidth: 300 }),
  editor: css({ width: '100%' }),
});
