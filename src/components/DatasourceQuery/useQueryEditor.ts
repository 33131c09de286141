import { type ComponentType, useEffect, useState } from 'react';
import { type DataSourceApi, type QueryEditorProps } from '@grafana/data';
import { type DataQuery } from '@grafana/schema';
import { getDataSourceSrv } from '@grafana/runtime';

/** Each data source types its own editor; ours passes props every editor takes. */
export type AnyQueryEditor = ComponentType<QueryEditorProps<DataSourceApi, DataQuery>>;

/** Where the picked data source's own query editor stands; anything but `ready` means plain inputs. */
export type QueryEditorState =
  | { status: 'unavailable' }
  | { status: 'none' }
  | { status: 'loading'; uid: string }
  | { status: 'ready'; uid: string; datasource: DataSourceApi; Editor: AnyQueryEditor }
  | { status: 'failed'; uid: string; message: string }
  | { status: 'no-editor'; uid: string };

/** True inside Grafana; false where its data source service was never set up (the test host, Jest). */
export function hasDataSourceSrv(): boolean {
  return Boolean(getDataSourceSrv());
}

type Settled = Extract<QueryEditorState, { status: 'ready' | 'failed' | 'no-editor' }>;

/** Loads data source `uid` through Grafana and finds its QueryEditor component. */
export function useQueryEditor(uid: string): QueryEditorState {
  const available = hasDataSourceSrv();
  const wanted = uid.trim();
  const [settled, setSettled] = useState<Settled | null>(null);
  useEffect(() => {
    if (!available || !wanted) {
      return;
    }
    let current = true;
    getDataSourceSrv()
      .get(wanted)
      .then((datasource) => {
        const Editor = datasource.components?.QueryEditor as AnyQueryEditor | undefined;
        if (current) {
          setSettled(
            Editor ? { status: 'ready', uid: wanted, datasource, Editor } : { status: 'no-editor', uid: wanted }
          );
        }
      })
      .catch((e: unknown) => current && setSettled({ status: 'failed', uid: wanted, message: messageOf(e) }));
    return () => {
      current = false;
    };
  }, [available, wanted]);
  if (!available) {
    return { status: 'unavailable' };
  }
  if (!wanted) {
    return { status: 'none' };
  }
  // an answer for another uid is stale: the one asked for now is still on its way
  return settled?.uid === wanted ? settled : { status: 'loading', uid: wanted };
}

function messageOf(e: unknown): string {
  if (e instanceof Error) {
    return e.message;
  }
  if (typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string') {
    return (e as { message: string }).message;
  }
  return String(e);
}
