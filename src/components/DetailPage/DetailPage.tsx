import React, { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { css, cx } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { PluginPage } from '@grafana/runtime';
import { Alert, ConfirmModal, EmptyState, LinkButton, LoadingPlaceholder, Stack, useStyles2 } from '@grafana/ui';
import { type EngineError, StaleVersionError, toEngineError } from '../../api/engineClient';
import { type Async, useAsync } from '../../hooks/useAsync';
import { NO_ESCAPE } from '../../i18n';
import { EngineErrorAlert } from '../EngineErrorAlert/EngineErrorAlert';
import { PermissionButton } from '../PermissionButton/PermissionButton';
import { SlmPage } from '../SlmPage/SlmPage';

/** What a record page says when the engine has no record under the key of its URL. */
export interface NotFound {
  message: string;
  backHref: string;
  backLabel: string;
  backVariant?: 'primary' | 'secondary';
}

/** One record's page body: a placeholder, "there is no …" with the way back, the engine's failure, or the record. */
export function RecordState<T>({
  state,
  loading,
  failed,
  notFound,
  children,
}: {
  state: Async<T>;
  loading: string;
  failed: string;
  notFound: NotFound;
  children: (value: T) => React.ReactNode;
}) {
  if (state.status === 'loading') {
    return <LoadingPlaceholder text={loading} />;
  }
  if (state.status === 'error' && state.error.kind === 'not_found') {
    return (
      <EmptyState
        variant="not-found"
        message={notFound.message}
        button={
          <LinkButton href={notFound.backHref} icon="arrow-left" variant={notFound.backVariant}>
            {notFound.backLabel}
          </LinkButton>
        }
      />
    );
  }
  if (state.status === 'error') {
    return <EngineErrorAlert error={state.error} title={failed} />;
  }
  return <>{children(state.value)}</>;
}

/** One kind of catalog record (a service, a party): how it is loaded by the key in the URL, and what its pages say meanwhile. */
export interface RecordKind<R> {
  pageKey: string;
  load: (key: string) => Promise<R>;
  loading: () => string;
  failed: () => string;
  notFound: (key: string) => NotFound;
}

function useRecordAtUrl<R>(kind: RecordKind<R>) {
  const key = useParams<{ key: string }>().key ?? '';
  return { key, record: useAsync(() => kind.load(key), key) };
}

function KindState<R>({
  kind,
  recordKey,
  record,
  children,
}: {
  kind: RecordKind<R>;
  recordKey: string;
  record: Async<R>;
  children: (value: R) => React.ReactNode;
}) {
  return (
    <RecordState state={record} loading={kind.loading()} failed={kind.failed()} notFound={kind.notFound(recordKey)}>
      {children}
    </RecordState>
  );
}

/** `/<list>/:key`: the record's name as the title, the way back to its list above it. */
export function CatalogRecordPage<R extends { key: string; name: string }>({
  kind,
  back,
  children,
}: {
  kind: RecordKind<R>;
  back: { href: string; label: string };
  children: (record: R) => React.ReactNode;
}) {
  const { key, record } = useRecordAtUrl(kind);
  return (
    <SlmPage
      pageKey={kind.pageKey}
      title={record.status === 'done' ? record.value.name : key}
      subtitle={record.status === 'done' ? record.value.key : ''}
    >
      <Stack direction="column" gap={2}>
        <BackLink href={back.href} label={back.label} />
        <KindState kind={kind} recordKey={key} record={record}>
          {children}
        </KindState>
      </Stack>
    </SlmPage>
  );
}

/** `/<list>/:key/edit`: the form once the record is loaded. */
export function EditRecordPage<R extends { name: string }>({
  kind,
  editTitle,
  children,
}: {
  kind: RecordKind<R>;
  /** e.g. "Edit {{name}}" */
  editTitle: (name: string) => string;
  children: (record: R) => React.ReactNode;
}) {
  const { key, record } = useRecordAtUrl(kind);
  return (
    <SlmPage
      pageKey={kind.pageKey}
      title={editTitle(record.status === 'done' ? record.value.name : key)}
      subtitle={key}
    >
      <KindState kind={kind} recordKey={key} record={record}>
        {children}
      </KindState>
    </SlmPage>
  );
}

/** A record's own page under its list in Grafana's breadcrumbs. */
export function RecordPage({
  title,
  url,
  parent,
  subTitle,
  testId,
  children,
}: {
  title: string;
  url: string;
  parent: { text: string; url: string };
  subTitle?: string;
  testId: string;
  children: React.ReactNode;
}) {
  const styles = useStyles2(getStyles);
  return (
    <PluginPage
      pageNav={{ text: title, url, parentItem: parent }}
      renderTitle={() => <h1 className={styles.title}>{title}</h1>}
      subTitle={subTitle}
    >
      <div className={styles.body} data-testid={testId}>
        {children}
      </div>
    </PluginPage>
  );
}

/** "Back to the …" above a record. */
export function BackLink({ href, label }: { href: string; label: string }) {
  return (
    <div>
      <LinkButton href={href} icon="arrow-left" variant="secondary" fill="text">
        {label}
      </LinkButton>
    </div>
  );
}

/** A record's facts as label / value pairs (`<dt>` / `<dd>` children). */
export function FactList({ children, testId }: { children: React.ReactNode; testId?: string }) {
  const styles = useStyles2(getStyles);
  return (
    <dl className={styles.facts} data-testid={testId}>
      {children}
    </dl>
  );
}

/** A small read-only table with a header row; `children` are its body rows. */
export function RecordTable({
  headers,
  testId,
  className,
  children,
}: {
  headers: string[];
  testId?: string;
  className?: string;
  children: React.ReactNode;
}) {
  const styles = useStyles2(getStyles);
  return (
    <table className={cx(styles.table, className)} data-testid={testId}>
      <thead>
        <tr>
          {headers.map((h) => (
            <th key={h}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/**
 * Delete with a confirmation, sent with the version on screen: when the record changed meanwhile,
 * nothing is deleted and who saved which version is said.
 */
export function DeleteRecordButton<R extends { version: number; updatedBy?: string }>({
  action,
  label,
  confirmTitle,
  confirmBody,
  staleTitle,
  failedTitle,
  remove,
  afterUrl,
}: {
  action: string;
  label: string;
  confirmTitle: string;
  confirmBody: string;
  staleTitle: string;
  failedTitle: string;
  remove: () => Promise<unknown>;
  /** Where to go once deleted (the list). */
  afterUrl: string;
}) {
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<EngineError | StaleVersionError<R> | null>(null);
  const onConfirm = async () => {
    setConfirming(false);
    try {
      await remove();
      navigate(afterUrl);
    } catch (e) {
      setError(e instanceof StaleVersionError ? (e as StaleVersionError<R>) : toEngineError(e));
    }
  };
  return (
    <>
      <PermissionButton
        action={action}
        icon="trash-alt"
        variant="destructive"
        fill="outline"
        onClick={() => setConfirming(true)}
      >
        {label}
      </PermissionButton>
      <ConfirmModal
        isOpen={confirming}
        title={confirmTitle}
        body={confirmBody}
        confirmText={label}
        onConfirm={onConfirm}
        onDismiss={() => setConfirming(false)}
      />
      {error instanceof StaleVersionError && (
        <Alert severity="warning" title={staleTitle}>
          {t(
            'pages.catalog.service.delete-stale-body',
            '{{user}} saved version {{version}}. Reload the page to see it before deleting.',
            {
              user: error.current.updatedBy ?? '—',
              version: error.current.version,
              interpolation: NO_ESCAPE,
            }
          )}
        </Alert>
      )}
      {error && !(error instanceof StaleVersionError) && <EngineErrorAlert error={error} title={failedTitle} />}
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  title: css({ margin: 0 }),
  body: css({ paddingTop: theme.spacing(2) }),
  facts: css({
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: 0,
    dt: { color: theme.colors.text.secondary },
    dd: { margin: 0 },
  }),
  table: css({
    borderCollapse: 'collapse',
    width: '100%',
    'th, td': {
      textAlign: 'left',
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
});
