import React, { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import {
  Alert,
  ConfirmModal,
  EmptyState,
  LinkButton,
  LoadingPlaceholder,
  Stack,
  Text,
  TextLink,
  useStyles2,
} from '@grafana/ui';
import { type EngineError, toEngineError } from '../../api/engineClient';
import { type Contact, type PartyRecord, deleteParty, getParty } from '../../api/parties';
import { StaleVersionError, listServices } from '../../api/services';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { NO_ESCAPE } from '../../i18n';
import { useAsync } from '../Agreements/useAsync';
import {
  PARTIES_WRITE,
  agreementsOfPartyUrl,
  contactPointUrl,
  partiesUrl,
  partyEditUrl,
  serviceUrl,
} from '../ServiceCatalog/urls';
import { KindBadge, kindDescription } from './kinds';

/** `/parties/:key`: one party, whom to contact, and what it owns. */
export function PartyDetailPage() {
  const key = useParams<{ key: string }>().key ?? '';
  const party = useAsync(() => getParty(key), key);
  return (
    <SlmPage
      pageKey="parties"
      title={party.status === 'done' ? party.value.name : key}
      subtitle={party.status === 'done' ? party.value.key : ''}
    >
      <Stack direction="column" gap={2}>
        <div>
          <LinkButton href={partiesUrl()} icon="arrow-left" variant="secondary" fill="text">
            {t('pages.parties.back', 'Back to the parties')}
          </LinkButton>
        </div>
        {party.status === 'loading' && (
          <LoadingPlaceholder text={t('pages.parties.detail.loading', 'Loading the party…')} />
        )}
        {party.status === 'error' && <PartyLoadError partyKey={key} error={party.error} />}
        {party.status === 'done' && <PartyBody party={party.value} />}
      </Stack>
    </SlmPage>
  );
}

export function PartyLoadError({ partyKey, error }: { partyKey: string; error: EngineError }) {
  if (error.kind !== 'not_found') {
    return <EngineErrorAlert error={error} title={t('pages.parties.detail.load-failed', 'Could not load the party')} />;
  }
  return (
    <EmptyState
      variant="not-found"
      message={t('pages.parties.detail.not-found', 'There is no party {{key}}', {
        key: partyKey,
        interpolation: NO_ESCAPE,
      })}
      button={
        <LinkButton href={partiesUrl()} icon="arrow-left">
          {t('pages.parties.back', 'Back to the parties')}
        </LinkButton>
      }
    />
  );
}

function PartyBody({ party }: { party: PartyRecord }) {
  const styles = useStyles2(getStyles);
  const navigate = useNavigate();
  return (
    <>
      <dl className={styles.facts} data-testid="slm-party-facts">
        <dt>{t('pages.parties.column.kind', 'Kind')}</dt>
        <dd>
          <KindBadge kind={party.kind} /> <Text color="secondary">{kindDescription(party.kind)}</Text>
        </dd>
        <dt>{t('pages.parties.detail.version', 'Version')}</dt>
        <dd>
          {t('pages.catalog.service.version-value', 'version {{version}}, changed by {{user}}', {
            version: party.version,
            user: party.updatedBy,
            interpolation: NO_ESCAPE,
          })}
        </dd>
      </dl>
      {party.description && <p className={styles.description}>{party.description}</p>}
      <Stack direction="row" gap={1} wrap="wrap">
        <PermissionButton
          action={PARTIES_WRITE}
          icon="pen"
          variant="secondary"
          onClick={() => navigate(partyEditUrl(party.key))}
        >
          {t('pages.parties.edit', 'Edit')}
        </PermissionButton>
        <LinkButton href={agreementsOfPartyUrl(party.key)} icon="file-alt" variant="secondary">
          {t('pages.parties.detail.agreements', 'Agreements with this party')}
        </LinkButton>
        <DeleteParty party={party} />
      </Stack>
      <section>
        <Text element="h3">{t('pages.parties.detail.contacts', 'Contacts')}</Text>
        <Contacts contacts={party.contacts ?? []} />
      </section>
      {party.kind === 'internal' && (
        <section>
          <Text element="h3">{t('pages.parties.detail.owned', 'Services this team owns')}</Text>
          <OwnedServices owner={party.key} />
        </section>
      )}
    </>
  );
}

function Contacts({ contacts }: { contacts: Contact[] }) {
  const styles = useStyles2(getStyles);
  if (contacts.length === 0) {
    return (
      <Text color="secondary">
        {t(
          'pages.parties.detail.no-contacts',
          'No contacts yet. Edit the party to add whom to reach about its agreements and breaches.'
        )}
      </Text>
    );
  }
  return (
    <table className={styles.table} data-testid="slm-party-contacts">
      <thead>
        <tr>
          <th>{t('pages.parties.contact.name', 'Name')}</th>
          <th>{t('pages.parties.contact.role', 'Role')}</th>
          <th>{t('pages.parties.contact.email', 'Email')}</th>
          <th>{t('pages.parties.contact.phone', 'Phone')}</th>
          <th>{t('pages.parties.contact.contact-point', 'Grafana contact point')}</th>
        </tr>
      </thead>
      <tbody>
        {contacts.map((c, i) => (
          <tr key={i}>
            <td>{c.name}</td>
            <td>{c.role || '—'}</td>
            <td>
              {c.email ? (
                <TextLink href={`mailto:${c.email}`} external>
                  {c.email}
                </TextLink>
              ) : (
                '—'
              )}
            </td>
            <td>
              {c.phone ? (
                <TextLink href={`tel:${c.phone.replace(/[^+0-9]/g, '')}`} external>
                  {c.phone}
                </TextLink>
              ) : (
                '—'
              )}
            </td>
            <td>
              {c.grafanaContactPoint ? (
                <TextLink href={contactPointUrl(c.grafanaContactPoint)} icon="bell">
                  {c.grafanaContactPoint}
                </TextLink>
              ) : (
                <Text color="secondary">
                  {t('pages.parties.contact.no-contact-point', 'none: breach notifications use the default policy')}
                </Text>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function OwnedServices({ owner }: { owner: string }) {
  const styles = useStyles2(getStyles);
  const services = useAsync(() => listServices({ owner, limit: 500 }), owner);
  if (services.status === 'loading') {
    return <LoadingPlaceholder text={t('pages.catalog.loading', 'Loading the service catalog…')} />;
  }
  if (services.status === 'error') {
    return (
      <EngineErrorAlert
        error={services.error}
        title={t('pages.catalog.load-failed', 'Could not load the service catalog')}
      />
    );
  }
  if (services.value.items.length === 0) {
    return <Text color="secondary">{t('pages.parties.detail.owns-none', 'This team owns no catalog service.')}</Text>;
  }
  return (
    <ul data-testid="slm-party-services">
      {services.value.items.map((s) => (
        <li key={s.key}>
          <Link className={styles.link} to={serviceUrl(s.key)}>
            {s.name}
          </Link>{' '}
          <Text color="secondary">({s.key})</Text>
        </li>
      ))}
    </ul>
  );
}

function DeleteParty({ party }: { party: PartyRecord }) {
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<EngineError | StaleVersionError<PartyRecord> | null>(null);
  const remove = async () => {
    setConfirming(false);
    try {
      await deleteParty(party.key, party.version);
      navigate(partiesUrl());
    } catch (e) {
      setError(e instanceof StaleVersionError ? e : toEngineError(e));
    }
  };
  return (
    <>
      <PermissionButton
        action={PARTIES_WRITE}
        icon="trash-alt"
        variant="destructive"
        fill="outline"
        onClick={() => setConfirming(true)}
      >
        {t('pages.parties.delete', 'Delete')}
      </PermissionButton>
      <ConfirmModal
        isOpen={confirming}
        title={t('pages.parties.delete-title', 'Delete {{name}}?', { name: party.name, interpolation: NO_ESCAPE })}
        body={t(
          'pages.parties.delete-body',
          'The engine refuses while agreements, contracts or services still refer to this party.'
        )}
        confirmText={t('pages.parties.delete', 'Delete')}
        onConfirm={remove}
        onDismiss={() => setConfirming(false)}
      />
      {error instanceof StaleVersionError && (
        <Alert
          severity="warning"
          title={t('pages.parties.delete-stale', 'Not deleted: the party changed since you opened it')}
        >
          {t(
            'pages.catalog.service.delete-stale-body',
            '{{user}} saved version {{version}}. Reload the page to see it before deleting.',
            {
              user: error.current.updatedBy,
              version: error.current.version,
              interpolation: NO_ESCAPE,
            }
          )}
        </Alert>
      )}
      {error && !(error instanceof StaleVersionError) && (
        <EngineErrorAlert error={error} title={t('pages.parties.delete-failed', 'The party was not deleted')} />
      )}
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  facts: css({
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: 0,
    dt: { color: theme.colors.text.secondary },
    dd: { margin: 0 },
  }),
  description: css({ whiteSpace: 'pre-wrap', maxWidth: 900 }),
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
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
