/** OpenAPI paths of the document set exports; merged by server/openapi.ts. */
const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

const DOCUMENTS = {
  catalog: 'The service catalog: every service with its description, features, hours, dependencies and agreements',
  agreements: 'The agreements: each as in force (parties, window, hours, maintenance, targets with their SLI, service credits, review cadence)',
};
const FORMATS = {
  md: { type: 'text/markdown', label: 'Markdown' },
  pdf: { type: 'application/pdf', label: 'PDF' },
};

export function exportsOpenApi(): { paths: Record<string, unknown> } {
  const paths: Record<string, unknown> = {};
  for (const [name, summary] of Object.entries(DOCUMENTS)) {
    for (const [ext, f] of Object.entries(FORMATS)) {
      paths[`/exports/${name}.${ext}`] = {
        get: {
          summary: `${summary} (${f.label}); no query parameters`,
          responses: {
            '200': {
              description: `the document (${f.label}), as an attachment`,
              content: { [f.type]: { schema: { type: 'string', ...(ext === 'pdf' ? { format: 'binary' } : {}) } } },
            },
            '400': error('a query parameter was given (`validation_failed`)'),
            '401': error('missing or wrong X-SLM-Secret (`unauthenticated`)'),
            '403': error('the X-SLM-Permission does not cover the operation (`forbidden`)'),
          },
        },
      };
    }
  }
  return { paths };
}
