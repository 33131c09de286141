/**
 * The process outputs as a document set: /api/v1/exports/catalog.(md|pdf) (the service catalog)
 * and /api/v1/exports/agreements.(md|pdf) (the agreements), for the customer and the archive.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { callerOf } from '../../http/auth';
import { parseOrThrow } from '../../http/errors';
import type { Store } from '../../store/db';
import { agreementsBlocks, catalogBlocks } from './documents';
import { sendDocument } from './send';

/** The exports take no query parameters. */
export const exportQuerySchema = z.strictObject({});

const DOCUMENTS = { catalog: catalogBlocks, agreements: agreementsBlocks } as const;

export async function exportRoutes(app: FastifyInstance, { store }: { store: Store }): Promise<void> {
  for (const [name, blocksOf] of Object.entries(DOCUMENTS)) {
    for (const format of ['md', 'pdf'] as const) {
      app.get(`/exports/${name}.${format}`, async (request, reply) => {
        parseOrThrow(exportQuerySchema, request.query ?? {}, 'query string');
        const now = new Date();
        const blocks = await blocksOf(store.db, callerOf(request).orgId, now);
        return sendDocument(reply, format, blocks, `${name}-${now.toISOString().slice(0, 10)}`);
      });
    }
  }
}
