/**
 * Breach reports: the underpinning breaches that overlap an SLA breach, the report of one breach
 * and the report of a date range, as Markdown or PDF.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { callerOf } from '../../http/auth';
import { parseOrThrow } from '../../http/errors';
import { reportQuerySchema } from '../../grafana/schema';
import type { Store } from '../../store/db';
import { breaches } from '../breaches/repository';
import { pathParam } from '../shared';
import { breachReportModel, findBreach, periodReportModel, relatedBreaches } from './model';
import { toPdf } from './pdf';
import { type Block, breachReportBlocks, periodReportBlocks, toMarkdown } from './render';

const breachId = (params: unknown) => pathParam(params, 'id', z.string().min(1).max(100), breaches.describe);

export async function breachReportRoutes(app: FastifyInstance, { store }: { store: Store }): Promise<void> {
  app.get('/breaches/:id/related', async (request) => {
    const orgId = callerOf(request).orgId;
    const breach = await findBreach(store.db, orgId, breachId(request.params));
    return { items: await relatedBreaches(store.db, orgId, breach) };
  });

  for (const format of ['md', 'pdf'] as const) {
    app.get(`/breaches/:id/report.${format}`, async (request, reply) => {
      const id = breachId(request.params);
      const model = await breachReportModel(store.db, callerOf(request).orgId, id);
      return send(
        reply,
        format,
        breachReportBlocks(model),
        `breach-${model.breach.agreementId}-${model.breach.targetId}-${model.breach.period.from.slice(0, 10)}`
      );
    });
  }

  app.get('/breach-reports', async (request, reply) => {
    const query = parseOrThrow(reportQuerySchema, request.query ?? {}, 'query string');
    const model = await periodReportModel(store.db, callerOf(request).orgId, query.from, query.to);
    return send(reply, query.format, periodReportBlocks(model), `breaches-${query.from}-${query.to}`);
  });
}

async function send(reply: FastifyReply, format: 'md' | 'pdf', blocks: Block[], name: string): Promise<FastifyReply> {
  const file = `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.${format}`;
  reply.header('content-disposition', `attachment; filename="${file}"`);
  if (format === 'md') {
    return reply.type('text/markdown; charset=utf-8').send(toMarkdown(blocks));
  }
  const title = blocks.find((b) => b.kind === 'title');
  return reply
    .type('application/pdf')
    .send(await toPdf(blocks, { title: title?.kind === 'title' ? title.text : name }));
}
