/**
 * Demo seed: on first start (the organisation has neither agreements nor services) imports a
 * folder of YAML (kinds Agreement, Service, Party) and walks agreements to the lifecycle states
 * named in `lifecycle.json`, with a signature from every required signer. One transaction:
 * a second start, or a second engine starting at the same moment, finds data and does nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import { collectFiles, ImportError, importOrder, parseImportFiles } from '../cli/importExport';
import { activateAgreement, createAgreement, getAgreement, signAgreement, transitionAgreement } from '../resources/agreements/repository';
import { createParty } from '../resources/parties/repository';
import { createService } from '../resources/services/repository';
import type { Store } from '../store/db';
import type { Database } from '../store/schema';

export const SEED_USER = 'slm-seed';
const TARGET_STATES = ['draft', 'negotiating', 'pending_signature', 'active'] as const;
type SeedState = (typeof TARGET_STATES)[number];

export interface SeedResult {
  seeded: boolean;
  reason: string;
  objects?: number;
}

function lifecycleOf(dir: string): Record<string, SeedState> {
  const file = path.join(dir, 'lifecycle.json');
  if (!existsSync(file)) {
    return {};
  }
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  const out: Record<string, SeedState> = {};
  for (const [id, state] of Object.entries(raw)) {
    if (id.startsWith('_')) {continue;}
    if (!(TARGET_STATES as readonly string[]).includes(state)) {
      throw new ImportError([`${file}: "${id}": state must be one of ${TARGET_STATES.join(', ')}`]);
    }
    out[id] = state as SeedState;
  }
  return out;
}

async function walkTo(trx: Transaction<Database>, orgId: number, id: string, state: SeedState): Promise<void> {
  const writer = { orgId, user: SEED_USER };
  const steps: Array<'negotiating' | 'pending_signature'> = state === 'draft' ? [] : state === 'negotiating' ? ['negotiating'] : ['negotiating', 'pending_signature'];
  for (const to of steps) {
    const current = await getAgreement(trx, orgId, id);
    await transitionAgreement(trx, writer, id, current.version, to);
  }
  if (state === 'active') {
    const current = await getAgreement(trx, orgId, id);
    const { hash } = (await trx.selectFrom('agreement_versions').select('hash').where('org_id', '=', orgId).where('agreement_id', '=', id).where('revision', '=', current.revision).executeTakeFirstOrThrow());
    for (const party of current.requiredSigners) {
      await signAgreement(trx, { orgId, user: `${SEED_USER}:${party}` }, id, { party, hash });
    }
    await activateAgreement(trx, writer, id, current.version);
  }
}

/** Imports `dir` into organisation `orgId` unless it already has agreements or services. */
export async function seedIfEmpty(store: Pick<Store, 'db'>, dir: string, orgId = 1, logger?: Logger): Promise<SeedResult> {
  const files = await collectFiles([dir]);
  const docs = parseImportFiles(await Promise.all(files.map(async (file) => ({ file, text: await readFile(file, 'utf8') }))));
  const lifecycle = lifecycleOf(dir);
  const result = await store.db.transaction().execute(async (trx): Promise<SeedResult> => {
    // Two engines starting together must not both seed: the first holds this lock until it commits.
    await sql`select pg_advisory_xact_lock(${orgId}::int, 7032)`.execute(trx);
    const [agreements, services] = await Promise.all([
      trx.selectFrom('agreements').select('id').where('org_id', '=', orgId).limit(1).execute(),
      trx.selectFrom('services').select('key').where('org_id', '=', orgId).limit(1).execute(),
    ]);
    if (agreements.length || services.length) {
      return { seeded: false, reason: 'the organisation already has data' };
    }
    const writer = { orgId, user: SEED_USER };
    for (const d of importOrder(docs)) {
      if (d.kind === 'Party') {await createParty(trx, writer, d.party);}
      else if (d.kind === 'Service') {await createService(trx, orgId, SEED_USER, d.service);}
      else {await createAgreement(trx, writer, d.agreement);}
    }
    for (const [id, state] of Object.entries(lifecycle)) {
      await walkTo(trx, orgId, id, state);
    }
    return { seeded: true, reason: `imported ${docs.length} object(s) from ${dir}`, objects: docs.length };
  });
  logger?.info({ seedDir: dir, ...result }, result.seeded ? 'seed data imported' : 'seed skipped');
  return result;
}
