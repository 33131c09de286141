/**
 * Stand-in for Grafana's annotations API (docs: developer-resources/api-reference/http-api/
 * annotations.md), held to the documented shapes:
 *  - POST /api/annotations {dashboardUID?, panelId?, time, timeEnd?, tags?, text, data?} →
 *    {message: "Annotation added", id}; text is required; time is required here (the engine
 *    always marks a region, and a missing time would silently become "now" in Grafana);
 *    time/timeEnd epoch milliseconds, timeEnd not before time; unknown fields → 400;
 *  - PUT /api/annotations/:id {time, timeEnd?, text, tags?, data?} → {message: "Annotation updated"},
 *    404 for an unknown id;
 *  - GET /api/annotations?tags=…&limit= → the annotations carrying every tag given (AND), newest first;
 *  - DELETE /api/annotations/:id.
 */
import type { GrafanaStandIn } from '../grafanaStandIn';
import { badRequest, type FieldSpec, shapeProblems } from './shape';

export interface StandInAnnotation {
  id: number;
  time: number;
  timeEnd: number;
  tags: string[];
  text: string;
  dashboardUID?: string;
  panelId?: number;
}

const CREATE: Record<string, FieldSpec> = {
  dashboardUID: { type: 'string' },
  panelId: { type: 'integer' },
  time: { type: 'integer', required: true },
  timeEnd: { type: 'integer' },
  tags: { type: 'string[]' },
  text: { type: 'string', required: true },
  data: { type: 'object' },
};
const UPDATE: Record<string, FieldSpec> = {
  time: { type: 'integer', required: true },
  timeEnd: { type: 'integer' },
  tags: { type: 'string[]' },
  text: { type: 'string', required: true },
  data: { type: 'object' },
};

function problemsOf(body: unknown, fields: Record<string, FieldSpec>): string[] {
  const problems = shapeProblems(body, fields);
  const b = body as { time?: number; timeEnd?: number; text?: string };
  if (!problems.length && b.text === '') {
    problems.push('text must not be empty');
  }
  if (!problems.length && b.timeEnd !== undefined && b.time !== undefined && b.timeEnd < b.time) {
    problems.push('timeEnd is before time');
  }
  return problems;
}

export function installAnnotationsApi(standIn: GrafanaStandIn) {
  const annotations = new Map<number, StandInAnnotation>();
  let nextId = 1000;
  /** When set, every annotation request answers this (Grafana failing, e.g. its database locked). */
  const control: { fail: { status: number; message: string } | null } = { fail: null };
  const failing = () =>
    control.fail ? { status: control.fail.status, body: { message: control.fail.message } } : undefined;

  standIn.route('POST', '/api/annotations', (req) => {
    const failure = failing();
    if (failure) {
      return failure;
    }
    const problems = problemsOf(req.body, CREATE);
    if (problems.length) {
      return badRequest(problems);
    }
    const b = req.body as Omit<StandInAnnotation, 'id'> & { timeEnd?: number };
    const annotation: StandInAnnotation = { ...b, id: nextId++, timeEnd: b.timeEnd ?? b.time, tags: b.tags ?? [] };
    annotations.set(annotation.id, annotation);
    return { status: 200, body: { message: 'Annotation added', id: annotation.id } };
  });

  standIn.route('PUT', '/api/annotations/:id', (req, { id }) => {
    const failure = failing();
    if (failure) {
      return failure;
    }
    const existing = annotations.get(Number(id));
    if (!existing) {
      return { status: 404, body: { message: 'Could not find annotation to update' } };
    }
    const problems = problemsOf(req.body, UPDATE);
    if (problems.length) {
      return badRequest(problems);
    }
    const b = req.body as StandInAnnotation;
    annotations.set(existing.id, {
      ...existing,
      ...b,
      id: existing.id,
      timeEnd: b.timeEnd ?? b.time,
      tags: b.tags ?? [],
    });
    return { status: 200, body: { message: 'Annotation updated' } };
  });

  standIn.route('GET', '/api/annotations', (req) => {
    const tags = req.query.getAll('tags');
    const limit = Number(req.query.get('limit') ?? 100);
    const found = [...annotations.values()]
      .filter((a) => tags.every((t) => a.tags.includes(t)))
      .sort((a, b) => b.time - a.time)
      .slice(0, limit);
    return { status: 200, body: found };
  });

  standIn.route('DELETE', '/api/annotations/:id', (_req, { id }) =>
    annotations.delete(Number(id))
      ? { status: 200, body: { message: 'Annotation deleted' } }
      : { status: 404, body: { message: 'Annotation not found' } }
  );

  return { annotations, control };
}
