/**
 * Field checks for the stand-in endpoints: a request body is held to the shape Grafana documents
 * (known fields only, required ones present, right JSON types), answering 400 with a message
 * like Grafana's binding errors when it is not.
 */
import type { StandInReply } from '../grafanaStandIn';

export type FieldType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'string[]';

export interface FieldSpec {
  type: FieldType;
  required?: boolean;
}

function hasType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'integer':
      return Number.isInteger(value);
    case 'array':
      return Array.isArray(value);
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return typeof value === type;
  }
}

/** Problems with `body` against `fields`; empty when it matches. */
export function shapeProblems(body: unknown, fields: Record<string, FieldSpec>, where = 'body'): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [`${where}: expected a JSON object`];
  }
  const record = body as Record<string, unknown>;
  const problems = Object.keys(record)
    .filter((k) => !(k in fields))
    .map((k) => `${where}: unknown field "${k}"`);
  for (const [name, spec] of Object.entries(fields)) {
    const value = record[name];
    if (value === undefined || value === null) {
      if (spec.required) {
        problems.push(`${where}: missing required field "${name}"`);
      }
    } else if (!hasType(value, spec.type)) {
      problems.push(`${where}: field "${name}" must be ${spec.type}`);
    }
  }
  return problems;
}

export function badRequest(problems: string[]): StandInReply {
  return { status: 400, body: { message: `bad request data: ${problems.join('; ')}`, problems } };
}
