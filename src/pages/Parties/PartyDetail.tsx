import React from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { LinkButton, Stack, Text, TextLink, useStyles2 } from '@grafana/ui';
import { type Contact, type PartyRecord, deleteParty, getParty } from '../../api/parties';
import { listServices } from '../../api/services';
import {
  CatalogRecordPage,
  DeleteRecordButton,
  FactList,
  type RecordKind,
  RecordTable,
} from '../../components/DetailPage/DetailPage';
import { ListState } from '../../components/ListPage/ListPage';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { useAsync } from '../../hooks/useAsync';
import { NO_ESCAPE } from '../../i18n';
import {
  PARTIES_WRITE,
  agreementsOfPartyUrl,
  contactPointUrl,
  partiesUrl,
  partyEditUrl,
  serviceUrl,
} from '../ServiceCatalog/urls';
import { KindBadge, kindDescription } from './kinds';

/** Parties as their pages load them by the key in the URL. */
export const PARTY: RecordKind<PartyRecord> = {
  pageKey: 'parties',
  load: getParty,
  loading: () => t('pages.parties.detail.loading', 'Loading the party…'),
  failed: () => t('pages.parties.detail.load-failed', 'Could not load the party'),
  notFound: (key) => ({
    message: t('pages.parties.detail.not-found', 'There is no party {{key}}', { key, interpolation: NO_ESCAPE }),
    backHref: partiesUrl(),
    backLabel: t('pages.parties.back', 'Back to the parties'),
  }),
};

/** `/parties/:key`: one party, whom to contact, and what it owns. */
export function PartyDetailPage() {
  return (
    <CatalogRecordPage
      kind={PARTY}
      back={{ href: partiesUrl(), label: t('pages.parties.back', 'Back to the parties') }}
    >
      {(party) => <PartyBody party={party} />}
    </CatalogRecordPage>
  );
}

function PartyBody({ party }: { party: PartyRecord }) {
  const styles = useStyles2(getStyles);
  const navigate = useNavigate();
  return (
    <>
      <FactList testId="slm-party-facts">
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
      </FactList>
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
    <RecordTable
      testId="slm-party-contacts"
      headers={[
        t('pages.parties.contact.name', 'Name'),
        t('pages.parties.contact.role', 'Role'),
        t('pages.parties.contact.email', 'Email'),
        t('pages.parties.contact.phone', 'Phone'),
        t('pages.parties.contact.contact-point', 'Grafana contact point'),
      ]}
    >
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
    </RecordTable>
  );
}

function OwnedServices({ owner }: { owner: string }) {
  const styles = useStyles2(getStyles);
  const services = useAsync(() => listServices({ owner, limit: 500 }), owner);
  return (
    <ListState
      state={services}
      loading={t('pages.catalog.loading', 'Loading the service catalog…')}
      failed={t('pages.catalog.load-failed', 'Could not load the service catalog')}
    >
      {({ items }) =>
        items.length === 0 ? (
          <Text color="secondary">{t('pages.parties.detail.owns-none', 'This team owns no catalog service.')}</Text>
        ) : (
          <ul data-testid="slm-party-services">
            {items.map((s) => (
              <li key={s.key}>
                <Link className={styles.link} to={serviceUrl(s.key)}>
                  {s.name}
                </Link>{' '}
                <Text color="secondary">({s.key})</Text>
              </li>
            ))}
          </ul>
        )
      }
    </ListState>
  );
}

function DeleteParty({ party }: { party: PartyRecord }) {
  return (
    <DeleteRecordButton<PartyRecord>
      action={PARTIES_WRITE}
      label={t('pages.parties.delete', 'Delete')}
      confirmTitle={t('pages.parties.delete-title', 'Delete {{name}}?', { name: party.name, interpolation: NO_ESCAPE })}
      confirmBody={t(
        'pages.parties.delete-body',
        'The engine refuses while agreements, contracts or services still refer to this party.'
      )}
      staleTitle={t('pages.parties.delete-stale', 'Not deleted: the party changed since you opened it')}
      failedTitle={t('pages.parties.delete-failed', 'The party was not deleted')}
      remove={() => deleteParty(party.key, party.version)}
      afterUrl={partiesUrl()}
    />
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  description: css({ whiteSpace: 'pre-wrap', maxWidth: 900 }),
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
});
