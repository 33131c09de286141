/**
 * Canonical form of agreement documents: the JSON whose hash signers sign, and the path-level
 * differences between two versions.
 */
import { createHash } from 'node:crypto';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** JSON with object keys sorted at every level, so equal documents have equal text (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) {
        out[key] = sortKeys(v);
      }
    }
    return out;
  }
  return value;
}

/** `sha256:<hex>` of the canonical JSON. */
export function contentHash(document: unknown): string {
  return 'sha256:' + createHash('sha256').update(canonicalJson(document)).digest('hex');
}

export interface Change {
  /** e.g. `spec.targets[0].objective` */
  path: string;
  op: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Changes that turn `before` into `after`, one per differing leaf (or per added/removed subtree). */
export function diffDocuments(before: unknown, after: unknown): Change[] {
  const changes: Change[] = [];
  walk(before as Json, after as Json, '', changes);
  return changes;
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') {
    return `${path}[${key}]`;
  }
  return path ? `${path}.${key}` : key;
}

function walk(a: Json | undefined, b: Json | undefined, path: string, out: Change[]): void {
  if (a === undefined && b === undefined) {
    return;
  }
  if (a === undefined) {
    out.push({ path, op: 'added', after: b });
    return;
  }
  if (b === undefined) {
    out.push({ path, op: 'removed', before: a });
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      walk(a[i], b[i], join(path, i), out);
    }
    return;
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) {
      walk(a[key] as Json | undefined, b[key] as Json | undefined, join(path, key), out);
    }
    return;
  }
  if (canonicalJson(a) !== canonicalJson(b)) {
    out.push({ path, op: 'changed', before: a, after: b });
  }
}
