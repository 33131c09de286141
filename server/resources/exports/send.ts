/** Sends blocks as a Markdown or PDF download, rendered by the breach reports' writers. */
import type { FastifyReply } from 'fastify';
import { toPdf } from '../breachReports/pdf';
import { type Block, toMarkdown } from '../breachReports/render';

export async function sendDocument(reply: FastifyReply, format: 'md' | 'pdf', blocks: Block[], name: string): Promise<FastifyReply> {
  const file = `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.${format}`;
  reply.header('content-disposition', `attachment; filename="${file}"`);
  if (format === 'md') {
    return reply.type('text/markdown; charset=utf-8').send(toMarkdown(blocks));
  }
  const title = blocks.find((b) => b.kind === 'title');
  return reply.type('application/pdf').send(await toPdf(blocks, { title: title?.kind === 'title' ? title.text : name }));
}
