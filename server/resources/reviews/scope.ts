/**
 * Which agreements a review covers: those it names, those of the services it names and those
 * where a party it names is provider or counterparty (the union); an empty scope covers every
 * agreement. Only agreements that were ever in force count (a draft has nothing to review).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema';
import type { Review } from './schema';

const IN_FORCE = ['active', 'expired', 'terminated'];

export async function agreementsInScope(db: Kysely<Database>, orgId: number, scope: Review['scope']): Promise<string[]> {
  const everything = !scope.agreements.length && !scope.services.length && !scope.parties.length;
  const rows = await (db as unknown as Kysely<any>)
    .selectFrom('agreements')
    .select('id')
    .where('org_id', '=', orgId)
    .where('state', 'in', IN_FORCE)
    .$if(!everything, (q) =>
      q.where((eb: any) =>
        eb.or([
          ...(scope.agreements.length ? [eb('id', 'in', scope.agreements)] : []),
          ...(scope.services.length ? [eb('service', 'in', scope.services)] : []),
          ...(scope.parties.length ? [eb('provider', 'in', scope.parties), eb('counterparty', 'in', scope.parties)] : []),
        ])
      )
    )
    .orderBy('id')
    .execute();
  return rows.map((r: { id: string }) => r.id);
}
