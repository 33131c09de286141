/** OpenAPI path and schemas of improvement plan verification; merged by server/openapi.ts. */
import { z } from 'zod';
import { verificationSchema, verifyBodySchema } from './verify';

type JsonSchema = Record<string, unknown>;
const strip = ({ $schema: _ignored, ...rest }: JsonSchema) => rest;
const input = (s: z.ZodType): JsonSchema => strip(z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }));
const output = (s: z.ZodType): JsonSchema => strip(z.toJSONSchema(s, { io: 'output', unrepresentable: 'any' }));
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const error = (description: string) => ({ description, content: json(ref('Error')) });

export function plansOpenApi(): { paths: Record<string, unknown>; schemas: Record<string, unknown> } {
  return {
    paths: {
      '/plans/{id}/verify': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'plan id' }],
        post: {
          summary:
            "Verify the plan's effect (needs manage): the goal target's compliance in the periods before its completion against those after, and whether the goal level was reached by the goal date; stored in `verification` (a PlanVerification)",
          parameters: [
            { name: 'If-Match', in: 'header', required: true, description: 'the version read (the ETag)', schema: { type: 'string' } },
          ],
          requestBody: { required: false, content: json(ref('PlanVerify')) },
          responses: {
            '200': { description: 'the plan with its verification', headers: { ETag: { schema: { type: 'string' } } }, content: json(ref('Plan')) },
            '400': error('invalid body (`validation_failed`, `bad_request`)'),
            '401': error('missing or wrong X-SLM-Secret (`unauthenticated`)'),
            '403': error('the X-SLM-Permission does not cover the operation (`forbidden`)'),
            '404': error('no such plan (`not_found`)'),
            '409': error('stale If-Match (`version_conflict`), or no goal target to verify (`conflict`, details.reason no_goal_target | unknown_goal_target)'),
            '428': error('If-Match missing (`precondition_required`)'),
          },
        },
      },
    },
    schemas: {
      PlanVerify: input(verifyBodySchema.unwrap()),
      PlanVerification: output(verificationSchema),
    },
  };
}
