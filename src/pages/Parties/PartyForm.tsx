import React from 'react';
import { css } from '@emotion/css';
import { t } from '@grafana/i18n';
import { Field, RadioButtonGroup, TextArea, useStyles2 } from '@grafana/ui';
import {
  type Contact,
  PARTY_KINDS,
  type PartyInput,
  type PartyKind,
  type PartyRecord,
  createParty,
  partyInputOf,
  replaceParty,
} from '../../api/parties';
import { EditRecordPage } from '../../components/DetailPage/DetailPage';
import { type ConflictRow, listText } from '../../components/RecordForm/formParts';
import {
  FormButtons,
  KeyAndName,
  ReadOnlyNotice,
  RowField,
  RowsEditor,
  SaveFeedback,
} from '../../components/RecordForm/RecordFormParts';
import { useRecordForm } from '../../components/RecordForm/useRecordForm';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { NO_ESCAPE } from '../../i18n';
import { PARTIES_WRITE, partiesUrl, partyUrl } from '../ServiceCatalog/urls';
import { PARTY } from './PartyDetail';
import { kindDescription, kindLabel } from './kinds';

const EMPTY_PARTY: PartyInput = { key: '', name: '', kind: 'internal', description: '', contacts: [] };
const CONTACT_FIELDS = ['name', 'role', 'email', 'phone', 'grafanaContactPoint'] as const;

/** `/parties/new` */
export function NewPartyPage() {
  return (
    <SlmPage
      pageKey="parties"
      title={t('pages.parties.form.new-title', 'New party')}
      subtitle={t(
        'pages.parties.form.new-subtitle',
        'A customer, internal team or supplier that agreements are made with.'
      )}
    >
      <PartyForm initial={EMPTY_PARTY} />
    </SlmPage>
  );
}

/** `/parties/:key/edit` */
export function EditPartyPage() {
  return (
    <EditRecordPage
      kind={PARTY}
      editTitle={(name) => t('pages.parties.form.edit-title', 'Edit {{name}}', { name, interpolation: NO_ESCAPE })}
    >
      {(party) => <PartyForm initial={partyInputOf(party)} base={party} />}
    </EditRecordPage>
  );
}

function fieldPaths(draft: PartyInput): string[] {
  return [
    'key',
    'name',
    'kind',
    'description',
    ...draft.contacts.flatMap((_, i) => CONTACT_FIELDS.map((f) => `contacts.${i}.${f}`)),
    'contacts',
  ];
}

/** Empty optional contact fields are left out (the engine checks the ones that are there); blank rows go. */
function cleaned(draft: PartyInput): PartyInput {
  const contacts = draft.contacts
    .map((c) => {
      const contact: Contact = { name: c.name.trim() };
      for (const f of ['role', 'email', 'phone', 'grafanaContactPoint'] as const) {
        const value = c[f]?.trim();
        if (value) {
          contact[f] = value;
        }
      }
      return contact;
    })
    .filter((c) => Object.values(c).some((v) => v !== ''));
  return { ...draft, key: draft.key.trim(), name: draft.name.trim(), contacts };
}

export function PartyForm({ initial, base }: { initial: PartyInput; base?: PartyRecord }) {
  const styles = useStyles2(getStyles);
  const form = useRecordForm({
    initial,
    base,
    inputOf: partyInputOf,
    cleaned,
    fieldPaths,
    create: createParty,
    replace: replaceParty,
    urlOf: partyUrl,
    keyTaken: () => t('pages.parties.form.key-taken', 'There is already a party with this key'),
  });
  const { draft, set, err, editing } = form;

  return (
    <form
      onSubmit={form.submit}
      data-testid="slm-party-form"
      aria-label={t('pages.parties.form.label', 'Party')}
      className={styles.form}
    >
      <ReadOnlyNotice
        action={PARTIES_WRITE}
        title={t('pages.parties.form.read-only', 'You can read the parties but not change them')}
      />
      <KeyAndName
        idPrefix="slm-party"
        keyLabel={t('pages.parties.form.key', 'Key')}
        nameLabel={t('pages.parties.form.name', 'Name')}
        value={draft}
        onChange={set}
        err={err}
        editing={editing}
      />
      <Field
        label={t('pages.parties.column.kind', 'Kind')}
        description={kindDescription(draft.kind)}
        invalid={!!err('kind')}
        error={err('kind')}
      >
        <RadioButtonGroup<PartyKind>
          value={draft.kind}
          onChange={(kind) => set({ kind })}
          options={PARTY_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
        />
      </Field>
      <Field
        label={t('pages.parties.form.description', 'Description')}
        invalid={!!err('description')}
        error={err('description')}
      >
        <TextArea
          id="slm-party-description"
          value={draft.description}
          rows={3}
          onChange={(e) => set({ description: e.currentTarget.value })}
        />
      </Field>
      <RowsEditor<Contact>
        label={t('pages.parties.detail.contacts', 'Contacts')}
        description={t(
          'pages.parties.form.contacts-description',
          "The Grafana contact point is where alert rules of this party's agreements send breach notifications."
        )}
        error={err('contacts')}
        testId="slm-contacts-editor"
        rows={draft.contacts}
        onChange={(contacts) => set({ contacts })}
        newRow={() => ({ name: '' })}
        addLabel={t('pages.parties.form.add-contact', 'Add a contact')}
        removeLabel={(index) => t('pages.parties.form.remove-contact', 'Remove contact {{n}}', { n: index + 1 })}
        rowGroup={(index) => ({ label: t('pages.parties.form.contact-row', 'Contact {{n}}', { n: index + 1 }) })}
      >
        {(c, index, update) =>
          contactFields().map(({ field, label, width }) => (
            <RowField
              key={field}
              label={label}
              id={`slm-contacts-${index}-${field}`}
              error={err(`contacts.${index}.${field}`)}
              value={c[field]}
              width={width}
              onChange={(value) => update({ [field]: value })}
            />
          ))
        }
      </RowsEditor>
      <SaveFeedback
        form={form}
        failedTitle={t('pages.parties.form.failed', 'The party was not saved')}
        action={PARTIES_WRITE}
        conflictRows={conflictRows}
      />
      <FormButtons
        action={PARTIES_WRITE}
        busy={form.busy}
        submitLabel={editing ? t('pages.parties.form.save', 'Save') : t('pages.parties.form.create', 'Create party')}
        cancelLabel={t('pages.parties.form.cancel', 'Cancel')}
        cancelHref={editing ? partyUrl(draft.key) : partiesUrl()}
      />
    </form>
  );
}

/** A contact's inputs in row order; `contacts.<i>.<field>` is where the engine reports a problem. */
function contactFields(): Array<{ field: (typeof CONTACT_FIELDS)[number]; label: string; width: number }> {
  return [
    { field: 'name', label: t('pages.parties.contact.name', 'Name'), width: 24 },
    { field: 'role', label: t('pages.parties.contact.role', 'Role'), width: 18 },
    { field: 'email', label: t('pages.parties.contact.email', 'Email'), width: 28 },
    { field: 'phone', label: t('pages.parties.contact.phone', 'Phone'), width: 18 },
    {
      field: 'grafanaContactPoint',
      label: t('pages.parties.contact.contact-point', 'Grafana contact point'),
      width: 24,
    },
  ];
}

function contactText(c: Contact): string {
  const extra = [c.role, c.email, c.phone, c.grafanaContactPoint && `→ ${c.grafanaContactPoint}`].filter(Boolean);
  return extra.length ? `${c.name} (${extra.join(', ')})` : c.name;
}

function conflictRows(mine: PartyInput, latest: PartyInput): ConflictRow[] {
  const rows: Array<[keyof PartyInput, string, (p: PartyInput) => string]> = [
    ['name', t('pages.parties.form.name', 'Name'), (p) => p.name || '—'],
    ['kind', t('pages.parties.column.kind', 'Kind'), (p) => kindLabel(p.kind)],
    ['description', t('pages.parties.form.description', 'Description'), (p) => p.description || '—'],
    ['contacts', t('pages.parties.detail.contacts', 'Contacts'), (p) => listText(p.contacts.map(contactText))],
  ];
  return rows.map(([field, label, show]) => ({ field, label, yours: show(mine), latest: show(latest) }));
}

const getStyles = () => ({
  form: css({ maxWidth: 1200 }),
});
