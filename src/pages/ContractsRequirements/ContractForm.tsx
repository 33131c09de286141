import React, { useEffect, useState } from 'react';
import { type SelectableValue } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Alert, Button, Field, Input, Select, Stack, TextArea } from '@grafana/ui';
import type { Party } from '../../api/agreements';
import { type Contract, type ContractInput, createContract, listCustomers, replaceContract } from '../../api/contracts';
import { type EngineError, StaleVersionError, toEngineError } from '../../api/engineClient';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { NO_ESCAPE } from '../../i18n';
import { reapply } from '../../components/RecordForm/reapply';
import { ConflictPanel, type ConflictRow } from '../../components/RecordForm/formParts';
import { type FormErrors, NO_ERRORS, formErrors } from '../../components/RecordForm/fieldErrors';
import { CONTRACTS_WRITE, termText } from './shared';

const FIELDS = ['ref', 'customer', 'title', 'signedDate', 'term.from', 'term.to', 'documentUrl', 'notes'];

interface Draft {
  ref: string;
  customer: string;
  title: string;
  signedDate: string;
  from: string;
  to: string;
  documentUrl: string;
  notes: string;
}

const EMPTY: Draft = { ref: '', customer: '', title: '', signedDate: '', from: '', to: '', documentUrl: '', notes: '' };

const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

export function contractDraft(c: Contract): Draft {
  return {
    ref: c.ref,
    customer: c.customer,
    title: c.title,
    signedDate: c.signedDate ?? '',
    from: c.term.from,
    to: c.term.to ?? '',
    documentUrl: c.documentUrl ?? '',
    notes: c.notes,
  };
}

function inputOf(draft: Draft): ContractInput {
  return {
    ref: draft.ref.trim(),
    customer: draft.customer,
    title: draft.title.trim(),
    signedDate: orNull(draft.signedDate),
    term: { from: draft.from.trim(), to: orNull(draft.to) },
    documentUrl: orNull(draft.documentUrl),
    notes: draft.notes,
  };
}

/** What the user may edit of a stored contract: the fields compared in a conflict and re-applied. */
export const contractInputOf = (c: Contract): ContractInput => inputOf(contractDraft(c));

type Failure =
  | { kind: 'none' }
  | { kind: 'fields'; errors: FormErrors }
  | { kind: 'engine'; error: EngineError }
  | { kind: 'conflict'; mine: ContractInput; latest: Contract };

/**
 * A customer contract, new or (with `base`) an edit sent with If-Match = the version it started
 * from. The engine validates it; its messages are shown next to the fields they are about
 * (`details.issues[].path`). Someone else's save in between shows both versions side by side.
 */
export function ContractForm({
  base: initialBase,
  onSaved,
  onCancel,
}: {
  base?: Contract;
  onSaved: (contract: Contract) => void;
  onCancel: () => void;
}) {
  const [base, setBase] = useState<Contract | undefined>(initialBase);
  const [draft, setDraft] = useState<Draft>(() => (initialBase ? contractDraft(initialBase) : EMPTY));
  const [failure, setFailure] = useState<Failure>({ kind: 'none' });
  const [busy, setBusy] = useState(false);
  const customers = useCustomers();
  const set = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));
  const editing = base !== undefined;
  const errors = failure.kind === 'fields' ? failure.errors : NO_ERRORS;

  const save = async (input: ContractInput, version?: number) => {
    setBusy(true);
    setFailure({ kind: 'none' });
    try {
      const { ref, ...rest } = input;
      const saved = version === undefined ? await createContract(input) : await replaceContract(ref, rest, version);
      setBusy(false);
      onSaved(saved);
    } catch (e) {
      setBusy(false);
      if (e instanceof StaleVersionError) {
        setFailure({ kind: 'conflict', mine: input, latest: e.current as Contract });
        return;
      }
      const error = toEngineError(e);
      setFailure(
        error.code === 'validation_failed' || !editing
          ? { kind: 'fields', errors: formErrors(error, FIELDS) }
          : { kind: 'engine', error }
      );
    }
  };

  const submit = (event: React.SyntheticEvent) => {
    event.preventDefault();
    save(inputOf(draft), base?.version);
  };

  const reapplyMine = (mine: ContractInput, latest: Contract) => {
    const merged = reapply(contractInputOf(base!), mine, contractInputOf(latest));
    setBase(latest);
    setDraft(contractDraft({ ...latest, ...merged }));
    save(merged, latest.version);
  };

  const discardMine = (latest: Contract) => {
    setBase(latest);
    setDraft(contractDraft(latest));
    setFailure({ kind: 'none' });
  };
  const err = (path: string) => errors.fields[path];

  return (
    <form
      onSubmit={submit}
      data-testid="slm-contract-form"
      aria-label={
        editing
          ? t('pages.contracts.form.edit-title', 'Edit contract {{ref}}', { ref: base.ref, interpolation: NO_ESCAPE })
          : t('pages.contracts.form.title', 'New contract')
      }
    >
      <Stack direction="row" gap={2} wrap="wrap">
        <Field
          label={t('pages.contracts.form.ref', 'Reference')}
          description="CT-2026-001"
          invalid={!!err('ref')}
          error={err('ref')}
          required
        >
          <Input
            id="slm-contract-ref"
            value={draft.ref}
            onChange={(e) => set({ ref: e.currentTarget.value })}
            width={24}
            autoFocus={!editing}
            disabled={editing}
          />
        </Field>
        <Field
          label={t('pages.contracts.form.customer', 'Customer')}
          invalid={!!err('customer')}
          error={err('customer')}
          required
        >
          <Select
            inputId="slm-contract-customer"
            width={32}
            value={draft.customer || null}
            options={customers}
            onChange={(v: SelectableValue<string> | null) => set({ customer: v?.value ?? '' })}
            placeholder={t('pages.contracts.form.customer-placeholder', 'Choose a customer')}
          />
        </Field>
        <Field
          label={t('pages.contracts.form.title-field', 'Title')}
          invalid={!!err('title')}
          error={err('title')}
          required
        >
          <Input
            id="slm-contract-title"
            value={draft.title}
            onChange={(e) => set({ title: e.currentTarget.value })}
            width={48}
          />
        </Field>
      </Stack>
      <Stack direction="row" gap={2} wrap="wrap">
        <Field
          label={t('pages.contracts.form.signed', 'Signed on')}
          invalid={!!err('signedDate')}
          error={err('signedDate')}
        >
          <Input
            id="slm-contract-signed"
            type="date"
            value={draft.signedDate}
            onChange={(e) => set({ signedDate: e.currentTarget.value })}
            width={20}
          />
        </Field>
        <Field
          label={t('pages.contracts.form.from', 'In force from')}
          invalid={!!err('term.from')}
          error={err('term.from')}
          required
        >
          <Input
            id="slm-contract-from"
            type="date"
            value={draft.from}
            onChange={(e) => set({ from: e.currentTarget.value })}
            width={20}
          />
        </Field>
        <Field
          label={t('pages.contracts.form.to', 'In force until')}
          description={t('pages.contracts.form.to-description', 'Empty for open-ended')}
          invalid={!!err('term.to')}
          error={err('term.to')}
        >
          <Input
            id="slm-contract-to"
            type="date"
            value={draft.to}
            onChange={(e) => set({ to: e.currentTarget.value })}
            width={20}
          />
        </Field>
        <Field
          label={t('pages.contracts.form.document', 'Signed document (URL)')}
          invalid={!!err('documentUrl')}
          error={err('documentUrl')}
        >
          <Input
            id="slm-contract-document"
            value={draft.documentUrl}
            onChange={(e) => set({ documentUrl: e.currentTarget.value })}
            width={48}
          />
        </Field>
      </Stack>
      <Field label={t('pages.contracts.form.notes', 'Notes')} invalid={!!err('notes')} error={err('notes')}>
        <TextArea
          id="slm-contract-notes"
          value={draft.notes}
          onChange={(e) => set({ notes: e.currentTarget.value })}
          rows={3}
        />
      </Field>
      {errors.general.length > 0 && (
        <Alert severity="error" title={t('pages.contracts.form.failed', 'The contract was not saved')}>
          {errors.general.map((m) => (
            <div key={m}>{m}</div>
          ))}
        </Alert>
      )}
      {failure.kind === 'engine' && (
        <EngineErrorAlert
          error={failure.error}
          title={t('pages.contracts.form.failed', 'The contract was not saved')}
        />
      )}
      {failure.kind === 'conflict' && base && (
        <ConflictPanel
          rows={conflictRows(failure.mine, contractInputOf(failure.latest))}
          seenVersion={base.version}
          latestVersion={failure.latest.version}
          latestBy={failure.latest.updatedBy ?? '—'}
          action={CONTRACTS_WRITE}
          busy={busy}
          onReapply={() => reapplyMine(failure.mine, failure.latest)}
          onDiscard={() => discardMine(failure.latest)}
        />
      )}
      <Stack direction="row" gap={1}>
        <PermissionButton action={CONTRACTS_WRITE} type="submit" disabled={busy} icon={busy ? 'spinner' : 'save'}>
          {editing
            ? t('pages.contracts.form.save', 'Save contract')
            : t('pages.contracts.form.create', 'Create contract')}
        </PermissionButton>
        <Button variant="secondary" fill="outline" onClick={onCancel}>
          {t('pages.contracts.form.cancel', 'Cancel')}
        </Button>
      </Stack>
    </form>
  );
}

function conflictRows(mine: ContractInput, latest: ContractInput): ConflictRow[] {
  const text = (v: string | null) => (v ? v : '—');
  const rows: Array<[keyof ContractInput, string, (c: ContractInput) => string]> = [
    ['customer', t('pages.contracts.form.customer', 'Customer'), (c) => c.customer],
    ['title', t('pages.contracts.form.title-field', 'Title'), (c) => c.title],
    ['signedDate', t('pages.contracts.form.signed', 'Signed on'), (c) => text(c.signedDate)],
    ['term', t('pages.contracts.column.term', 'Term'), (c) => termText(c.term)],
    ['documentUrl', t('pages.contracts.form.document', 'Signed document (URL)'), (c) => text(c.documentUrl)],
    ['notes', t('pages.contracts.form.notes', 'Notes'), (c) => text(c.notes)],
  ];
  return rows.map(([field, label, show]) => ({ field, label, yours: show(mine), latest: show(latest) }));
}

/** Customer parties for the customer choice; if they cannot load the engine's error says what is wrong on submit. */
function useCustomers(): Array<SelectableValue<string>> {
  const [options, setOptions] = useState<Array<SelectableValue<string>>>([]);
  useEffect(() => {
    let current = true;
    listCustomers()
      .then(
        (parties: Party[]) =>
          current && setOptions(parties.map((p) => ({ value: p.key, label: p.name, description: p.key })))
      )
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, []);
  return options;
}
