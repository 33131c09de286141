import React, { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import {
  Alert,
  Button,
  Field,
  IconButton,
  Input,
  LinkButton,
  LoadingPlaceholder,
  RadioButtonGroup,
  Stack,
  TextArea,
  useStyles2,
} from '@grafana/ui';
import { type EngineError, toEngineError } from '../../api/engineClient';
import {
  type Contact,
  PARTY_KINDS,
  type PartyInput,
  type PartyKind,
  type PartyRecord,
  createParty,
  getParty,
  partyInputOf,
  replaceParty,
} from '../../api/parties';
import { StaleVersionError } from '../../api/services';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { userCan } from '../../components/PermissionButton/permissions';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { NO_ESCAPE } from '../../i18n';
import { useAsync } from '../Agreements/useAsync';
import { type FormErrors, NO_ERRORS, formErrors } from '../ContractsRequirements/fieldErrors';
import { reapply } from '../ServiceCatalog/conflict';
import { ConflictPanel, type ConflictRow, GeneralErrors, listText } from '../ServiceCatalog/formParts';
import { PARTIES_WRITE, partiesUrl, partyUrl } from '../ServiceCatalog/urls';
import { PartyLoadError } from './PartyDetail';
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
  const key = useParams<{ key: string }>().key ?? '';
  const party = useAsync(() => getParty(key), key);
  return (
    <SlmPage
      pageKey="parties"
      title={t('pages.parties.form.edit-title', 'Edit {{name}}', {
        name: party.status === 'done' ? party.value.name : key,
        interpolation: NO_ESCAPE,
      })}
      subtitle={key}
    >
      {party.status === 'loading' && (
        <LoadingPlaceholder text={t('pages.parties.detail.loading', 'Loading the party…')} />
      )}
      {party.status === 'error' && <PartyLoadError partyKey={key} error={party.error} />}
      {party.status === 'done' && <PartyForm initial={partyInputOf(party.value)} base={party.value} />}
    </SlmPage>
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

type Failure =
  | { kind: 'none' }
  | { kind: 'fields'; errors: FormErrors }
  | { kind: 'engine'; error: EngineError }
  | { kind: 'conflict'; mine: PartyInput; latest: PartyRecord };

export function PartyForm({ initial, base: initialBase }: { initial: PartyInput; base?: PartyRecord }) {
  const styles = useStyles2(getStyles);
  const navigate = useNavigate();
  const [draft, setDraft] = useState(initial);
  const [base, setBase] = useState(initialBase);
  const [failure, setFailure] = useState<Failure>({ kind: 'none' });
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<PartyInput>) => setDraft((d) => ({ ...d, ...change }));
  const errors = failure.kind === 'fields' ? failure.errors : NO_ERRORS;
  const err = (path: string) => errors.fields[path];
  const editing = base !== undefined;

  const save = async (input: PartyInput, version?: number) => {
    setBusy(true);
    setFailure({ kind: 'none' });
    try {
      const saved = version === undefined ? await createParty(input) : await replaceParty(input, version);
      navigate(partyUrl(saved.key));
    } catch (e) {
      setBusy(false);
      if (e instanceof StaleVersionError) {
        setFailure({ kind: 'conflict', mine: input, latest: e.current as PartyRecord });
        return;
      }
      setFailure(failureOf(toEngineError(e), input, version === undefined));
    }
  };

  const submit = (event: React.SyntheticEvent) => {
    event.preventDefault();
    const input = cleaned(draft);
    setDraft(input);
    save(input, base?.version);
  };

  const updateContact = (index: number, change: Partial<Contact>) =>
    set({ contacts: draft.contacts.map((c, i) => (i === index ? { ...c, ...change } : c)) });

  return (
    <form
      onSubmit={submit}
      data-testid="slm-party-form"
      aria-label={t('pages.parties.form.label', 'Party')}
      className={styles.form}
    >
      {!userCan(PARTIES_WRITE) && (
        <Alert
          severity="info"
          title={t('pages.parties.form.read-only', 'You can read the parties but not change them')}
        >
          {t('permission.missing', 'You need the permission {{action}}', {
            action: PARTIES_WRITE,
            interpolation: NO_ESCAPE,
          })}
        </Alert>
      )}
      <Stack direction="row" gap={2} wrap="wrap">
        <Field
          label={t('pages.parties.form.key', 'Key')}
          description={t(
            'pages.catalog.form.key-description',
            'Lowercase letters, digits, ".", "_" or "-"; agreements refer to it and it cannot change'
          )}
          invalid={!!err('key')}
          error={err('key')}
          required
        >
          <Input
            id="slm-party-key"
            value={draft.key}
            disabled={editing}
            width={32}
            onChange={(e) => set({ key: e.currentTarget.value })}
          />
        </Field>
        <Field label={t('pages.parties.form.name', 'Name')} invalid={!!err('name')} error={err('name')} required>
          <Input
            id="slm-party-name"
            value={draft.name}
            width={48}
            onChange={(e) => set({ name: e.currentTarget.value })}
          />
        </Field>
      </Stack>
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
      <Field
        label={t('pages.parties.detail.contacts', 'Contacts')}
        description={t(
          'pages.parties.form.contacts-description',
          "The Grafana contact point is where alert rules of this party's agreements send breach notifications."
        )}
        invalid={!!err('contacts')}
        error={err('contacts')}
      >
        <>
          <div className={styles.rows} data-testid="slm-contacts-editor">
            {draft.contacts.map((c, index) => (
              <div
                key={index}
                className={styles.row}
                role="group"
                aria-label={t('pages.parties.form.contact-row', 'Contact {{n}}', { n: index + 1 })}
              >
                <ContactField
                  label={t('pages.parties.contact.name', 'Name')}
                  path={`contacts.${index}.name`}
                  error={err(`contacts.${index}.name`)}
                  value={c.name}
                  width={24}
                  onChange={(name) => updateContact(index, { name })}
                />
                <ContactField
                  label={t('pages.parties.contact.role', 'Role')}
                  path={`contacts.${index}.role`}
                  error={err(`contacts.${index}.role`)}
                  value={c.role}
                  width={18}
                  onChange={(role) => updateContact(index, { role })}
                />
                <ContactField
                  label={t('pages.parties.contact.email', 'Email')}
                  path={`contacts.${index}.email`}
                  error={err(`contacts.${index}.email`)}
                  value={c.email}
                  width={28}
                  onChange={(email) => updateContact(index, { email })}
                />
                <ContactField
                  label={t('pages.parties.contact.phone', 'Phone')}
                  path={`contacts.${index}.phone`}
                  error={err(`contacts.${index}.phone`)}
                  value={c.phone}
                  width={18}
                  onChange={(phone) => updateContact(index, { phone })}
                />
                <ContactField
                  label={t('pages.parties.contact.contact-point', 'Grafana contact point')}
                  path={`contacts.${index}.grafanaContactPoint`}
                  error={err(`contacts.${index}.grafanaContactPoint`)}
                  value={c.grafanaContactPoint}
                  width={24}
                  onChange={(grafanaContactPoint) => updateContact(index, { grafanaContactPoint })}
                />
                <IconButton
                  name="trash-alt"
                  tooltip={t('pages.parties.form.remove-contact', 'Remove contact {{n}}', { n: index + 1 })}
                  onClick={() => set({ contacts: draft.contacts.filter((_, i) => i !== index) })}
                />
              </div>
            ))}
            <div>
              <Button
                size="sm"
                variant="secondary"
                icon="plus"
                onClick={() => set({ contacts: [...draft.contacts, { name: '' }] })}
              >
                {t('pages.parties.form.add-contact', 'Add a contact')}
              </Button>
            </div>
          </div>
        </>
      </Field>
      <GeneralErrors errors={errors} title={t('pages.parties.form.failed', 'The party was not saved')} />
      {failure.kind === 'engine' && (
        <EngineErrorAlert error={failure.error} title={t('pages.parties.form.failed', 'The party was not saved')} />
      )}
      {failure.kind === 'conflict' && base && (
        <ConflictPanel
          rows={conflictRows(failure.mine, partyInputOf(failure.latest))}
          seenVersion={base.version}
          latestVersion={failure.latest.version}
          latestBy={failure.latest.updatedBy}
          action={PARTIES_WRITE}
          busy={busy}
          onReapply={() => {
            const merged = reapply(partyInputOf(base), failure.mine, partyInputOf(failure.latest));
            setBase(failure.latest);
            setDraft(merged);
            save(merged, failure.latest.version);
          }}
          onDiscard={() => {
            setBase(failure.latest);
            setDraft(partyInputOf(failure.latest));
            setFailure({ kind: 'none' });
          }}
        />
      )}
      <Stack direction="row" gap={1}>
        <PermissionButton action={PARTIES_WRITE} type="submit" icon={busy ? 'spinner' : 'save'} disabled={busy}>
          {editing ? t('pages.parties.form.save', 'Save') : t('pages.parties.form.create', 'Create party')}
        </PermissionButton>
        <LinkButton variant="secondary" fill="outline" href={editing ? partyUrl(draft.key) : partiesUrl()}>
          {t('pages.parties.form.cancel', 'Cancel')}
        </LinkButton>
      </Stack>
    </form>
  );
}

function ContactField(props: {
  label: string;
  /** `contacts.<i>.<field>`: where the engine reports a problem with it. */
  path: string;
  error?: string;
  value?: string;
  width: number;
  onChange: (value: string) => void;
}) {
  const styles = useStyles2(getStyles);
  return (
    <Field label={props.label} invalid={!!props.error} error={props.error} className={styles.tight}>
      <Input
        id={`slm-${props.path.replace(/\./g, '-')}`}
        value={props.value ?? ''}
        width={props.width}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      />
    </Field>
  );
}

function failureOf(error: EngineError, input: PartyInput, creating: boolean): Failure {
  if (error.code === 'validation_failed') {
    return { kind: 'fields', errors: formErrors(error, fieldPaths(input)) };
  }
  if (creating && error.kind === 'conflict') {
    const taken = t('pages.parties.form.key-taken', 'There is already a party with this key');
    return { kind: 'fields', errors: { fields: { key: taken }, general: [] } };
  }
  return { kind: 'engine', error };
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

const getStyles = (theme: GrafanaTheme2) => ({
  form: css({ maxWidth: 1200 }),
  rows: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  row: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1), alignItems: 'flex-end' }),
  tight: css({ marginBottom: 0 }),
});
