import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import type { Store } from '../store/db';
import type { Database } from '../store/schema';
import { type Caller, writerOf } from './auth';
import { ApiError } from './errors';

/** What a write handler answers; rendered by runWrite (and replayed for a repeated idempotency key). */
export interface WriteResult {
  status: number;
  body?: unknown;
  /** The record version after the write, sent as ETag. */
  version?: number;
}

export type Writer = Caller & { user: string };

/** `"3"`, `W/"3"` or `3` → 3. A write without it answers 428: lost updates are not an option. */
export function expectedVersion(request: FastifyRequest): number {
  const raw = request.headers['if-match'];
  if (raw === undefined || raw === '') {
    throw new ApiError(
      428,
      'precondition_required',
      'this write needs an If-Match header with the version you read (the ETag of the record)',
      { header: 'If-Match' }
    );
  }
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(Array.isArray(raw) ? '' : raw);
  if (!match) {
    throw new ApiError(400, 'bad_request', `invalid If-Match "${String(raw)}": expected a record version such as "3"`);
  }
  return Number(match[1]);
}

export function etag(version: number): string {
  return `"${version}"`;
}

function idempotencyKey(request: FastifyRequest): string | undefined {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) {
    return undefined;
  }
  if (Array.isArray(raw) || !/^[\x21-\x7e]{1,200}$/.test(raw)) {
    throw new ApiError(400, 'bad_request', 'invalid Idempotency-Key: 1-200 printable ASCII characters without spaces');
  }
  return raw;
}

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
}

/**
 * Runs a write in one transaction and sends its result. With an `Idempotency-Key` (POST), the
 * key is claimed in the same transaction, so a repeat — even a concurrent one — gets the first
 * response and writes nothing; a failed write leaves the key unused.
 */
export async function runWrite(
  store: Store,
  request: FastifyRequest,
  reply: FastifyReply,
  write: (trx: Transaction<Database>, writer: Writer) => Promise<WriteResult>
): Promise<FastifyReply> {
  const writer = writerOf(request);
  const key = request.method === 'POST' ? idempotencyKey(request) : undefined;
  const result = await store.db.transaction().execute(async (trx) => {
    if (key === undefined) {
      return write(trx, writer);
    }
    const hash = requestHash(request);
    const claimed = await trx
      .insertInto('idempotency_keys')
      .values({ org_id: writer.orgId, key, user_login: writer.user, request_hash: hash })
      .onConflict((oc) => oc.columns(['org_id', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!claimed) {
      return replay(trx, writer, key, hash);
    }
    const fresh = await write(trx, writer);
    await trx
      .updateTable('idempotency_keys')
      .set({ status_code: fresh.status, response: JSON.stringify({ body: fresh.body ?? null, version: fresh.version ?? null }) })
      .where('org_id', '=', writer.orgId)
      .where('key', '=', key)
      .execute();
    return fresh;
  });
  return send(reply, result);
}

async function replay(trx: Transaction<Database>, writer: Writer, key: string, hash: string): Promise<WriteResult> {
  const row = await trx
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('org_id', '=', writer.orgId)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  if (row.request_hash !== hash || row.user_login !== writer.user || row.status_code === null) {
    throw new ApiError(
      422,
      'idempotency_key_reused',
      'this Idempotency-Key was already used for a different request; use a new key for a new request',
      { idempotencyKey: key }
    );
  }
  const stored = row.response as { body: unknown; version: number | null };
  return { status: row.status_code, body: stored.body ?? undefined, version: stored.version ?? undefined };
}

function send(reply: FastifyReply, result: WriteResult): FastifyReply {
  if (result.version !== undefined) {
    reply.header('etag', etag(result.version));
  }
  reply.code(result.status);
  return result.body === undefined ? reply.send() : reply.send(result.body);
}
