import React, { useEffect, useState } from 'react';
import { type SelectableValue } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Alert, Button, Field, Input, Select, Stack, TextArea } from '@grafana/ui';
import type { Party } from '../../api/agreements';
import { type Contract, createContract, listCustomers } from '../../api/contracts';
import { toEngineError } from '../../api/engineClient';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { type FormErrors, NO_ERRORS, formErrors } from './fieldErrors';
import { CONTRACTS_WRITE } from './shared';

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

/**
 * A new customer contract. The engine validates it; its messages are shown next to the fields
 * they are about (`details.issues[].path`).
 */
export function ContractForm({
  onCreated,
  onCancel,
}: {
  onCreated: (contract: Contract) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const customers = useCustomers();
  const set = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));

  const submit = async (event: React.SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const created = await createContract({
        ref: draft.ref.trim(),
        customer: draft.customer,
        title: draft.title.trim(),
        signedDate: orNull(draft.signedDate),
        term: { from: draft.from.trim(), to: orNull(draft.to) },
        documentUrl: orNull(draft.documentUrl),
        notes: draft.notes,
      });
      onCreated(created);
    } catch (e) {
      setErrors(formErrors(toEngineError(e), FIELDS));
      setBusy(false);
    }
  };
  const err = (path: string) => errors.fields[path];

  return (
    <form
      onSubmit={submit}
      data-testid="slm-contract-form"
      aria-label={t('pages.contracts.form.title', 'New contract')}
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
            autoFocus
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
      <Stack direction="row" gap={1}>
        <PermissionButton action={CONTRACTS_WRITE} type="submit" disabled={busy} icon={busy ? 'spinner' : 'save'}>
          {t('pages.contracts.form.create', 'Create contract')}
        </PermissionButton>
        <Button variant="secondary" fill="outline" onClick={onCancel}>
          {t('pages.contracts.form.cancel', 'Cancel')}
        </Button>
      </Stack>
    </form>
  );
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
