import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

/** Machine-readable error codes the engine answers with (the `error.code` field). */
export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'user_required'
  | 'not_found'
  | 'conflict'
  | 'in_use'
  | 'version_conflict'
  | 'illegal_transition'
  | 'not_editable'
  | 'signatures_incomplete'
  | 'stale_hash'
  | 'idempotency_key_reused'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'precondition_required'
  | 'service_unavailable'
  | 'grafana_token_rejected'
  | 'grafana_unreachable'
  | 'internal';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: Record<string, unknown> };
}

/** An error meant for the client: thrown anywhere in a request, rendered in the DESIGN error shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {}
  ) {
    super(message);
  }

  body(): ErrorBody {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export function notFound(what: string, details: Record<string, unknown> = {}): ApiError {
  return new ApiError(404, 'not_found', `${what} not found`, details);
}

/** Turns a zod failure into a 400 naming every problem, with unknown fields listed apart. */
export function validationError(error: z.ZodError, where = 'request body'): ApiError {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    code: issue.code,
    message: issue.message,
  }));
  const unknownFields = error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => [...issue.path.map(String), key].join('.'))
      : []
  );
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  const message = unknownFields.length
    ? `invalid ${where}: unknown field(s) ${unknownFields.join(', ')}`
    : `invalid ${where}: ${summary}`;
  return new ApiError(400, 'validation_failed', message, { issues, ...(unknownFields.length ? { unknownFields } : {}) });
}

/** Parses with a zod schema or throws the 400 above. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, where?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw validationError(result.error, where);
  }
  return result.data;
}

/** Fastify's own errors (body parser, limits, routing) mapped to this engine's codes. */
const FASTIFY_CODES: Record<string, { status: number; code: ErrorCode; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'bad_request' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'bad_request', message: 'the JSON body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'bad_request' },
  FST_ERR_BAD_URL: { status: 400, code: 'bad_request' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: 'bad_request' },
};

/**
 * A foreign-key violation (SQLSTATE 23503) surfacing from a write: deleting a record that others
 * still reference is refused (409 `in_use`); a reference to a record deleted meanwhile is a conflict.
 */
function foreignKeyError(err: Error): ApiError | undefined {
  const db = err as Error & { code?: unknown; detail?: unknown; constraint?: unknown };
  if (db.code !== '23503') {
    return undefined;
  }
  const detail = typeof db.detail === 'string' ? db.detail : err.message;
  const details = { constraint: typeof db.constraint === 'string' ? db.constraint : null, detail };
  return /still referenced/.test(detail)
    ? new ApiError(409, 'in_use', `the record is still in use and cannot be removed: ${detail}`, details)
    : new ApiError(409, 'conflict', `a referenced record no longer exists: ${detail}`, details);
}

function toApiError(err: FastifyError | Error): ApiError | undefined {
  if (err instanceof ApiError) {
    return err;
  }
  const fk = foreignKeyError(err);
  if (fk) {
    return fk;
  }
  if (err instanceof z.ZodError) {
    return validationError(err);
  }
  const fe = err as FastifyError;
  const known = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (known) {
    return new ApiError(known.status, known.code, known.message ?? fe.message, { reason: fe.code });
  }
  if (err instanceof SyntaxError || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return new ApiError(400, 'bad_request', `malformed JSON body: ${err.message}`);
  }
  // Any other client error fastify raises (e.g. a prototype-poisoning body) stays a 4xx.
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new ApiError(fe.statusCode, 'bad_request', fe.message, fe.code ? { reason: fe.code } : {});
  }
  return undefined;
}

export function sendError(reply: FastifyReply, err: ApiError): FastifyReply {
  return reply.code(err.status).type('application/json; charset=utf-8').send(err.body());
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const apiError = toApiError(err);
    if (apiError) {
      return sendError(reply, apiError);
    }
    request.log.error({ err }, 'unhandled error');
    return sendError(reply, new ApiError(500, 'internal', 'internal error; see the engine log', { requestId: request.id }));
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, new ApiError(404, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`))
  );
}
