import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../http/auth';
import { parseOrThrow } from '../../http/errors';
import type { Store } from '../../store/db';
import { auditListQuerySchema, listAudit } from './repository';

export async function auditRoutes(app: FastifyInstance, { store }: { store: Store }): Promise<void> {
  app.get('/audit', async (request) => {
    const query = parseOrThrow(auditListQuerySchema, request.query, 'query string');
    return listAudit(store.db, callerOf(request).orgId, query);
  });
}
