/**
 * Parses and validates agreement YAML. Every error names its path and, when the YAML has a node
 * for it, the line and column, so `spec.targets[1].objective: must be between 0 and 100
 * (line 23, col 18)` leads the author straight to the mistake.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';
import type { Agreement } from './agreement';
import { AgreementSchema } from './schema';

export interface ValidationError {
  /** e.g. `spec.targets[1].objective`; empty for the document itself. */
  path: string;
  message: string;
  line?: number;
  col?: number;
}

export type ParseResult = { ok: true; agreement: Agreement } | { ok: false; errors: ValidationError[] };

type PathKey = string | number;

/** Validates YAML text; never throws. */
export function parseAgreement(text: string): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { path: '', message: `YAML: ${firstLine(e.message)}`, line: pos.line, col: pos.col };
      }),
    };
  }
  const data: unknown = doc.toJS();
  const result = AgreementSchema.safeParse(data);
  if (result.success) {
    return { ok: true, agreement: result.data };
  }
  const errors = issuesToErrors(result.error.issues, data).map((e) => {
    const node = locate(doc.contents, e.keys, e.atKey);
    const pos = node?.range ? lineCounter.linePos(node.range[0]) : undefined;
    return { path: e.path, message: e.message, ...(pos ? { line: pos.line, col: pos.col } : {}) };
  });
  return { ok: false, errors: sortByPosition(errors) };
}

/** Validates an already-parsed object (e.g. JSON from the engine API); errors carry no positions. */
export function validateAgreement(data: unknown): ParseResult {
  const result = AgreementSchema.safeParse(data);
  if (result.success) {
    return { ok: true, agreement: result.data };
  }
  return {
    ok: false,
    errors: issuesToErrors(result.error.issues, data).map(({ path, message }) => ({ path, message })),
  };
}

/** `spec.targets[1].objective: must be … (line 23, col 18)` */
export function formatValidationError(e: ValidationError): string {
  const where = e.line !== undefined ? ` (line ${e.line}, col ${e.col})` : '';
  return `${e.path || '(document)'}: ${e.message}${where}`;
}

interface RawError {
  keys: PathKey[];
  path: string;
  message: string;
  /** Point at the key itself (unknown keys), not at its value. */
  atKey: boolean;
}

function issuesToErrors(issues: z.core.$ZodIssue[], data: unknown): RawError[] {
  const out: RawError[] = [];
  for (const issue of issues) {
    const keys = issue.path.filter((k): k is PathKey => typeof k !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ keys: [...keys, key], path: formatPath([...keys, key]), message: 'unknown key', atKey: true });
      }
      continue;
    }
    out.push({ keys, path: formatPath(keys), message: describe(issue, valueAt(data, keys)), atKey: false });
  }
  return out;
}

function describe(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined ? 'is required' : `must be ${article(issue.expected)}, got ${typeName(value)}`;
    case 'invalid_value':
      if (issue.values.length === 1 && issue.message && !issue.message.startsWith('Invalid input')) {
        return issue.message;
      }
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(value)}`;
    case 'invalid_union':
      return 'has an invalid shape';
    default:
      return issue.message;
  }
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function typeName(v: unknown): string {
  if (v === null) {
    return 'null';
  }
  if (Array.isArray(v)) {
    return 'a list';
  }
  if (typeof v === 'object') {
    return 'a mapping';
  }
  return `${typeof v} ${JSON.stringify(v)}`;
}

export function formatPath(keys: PathKey[]): string {
  return keys.reduce<string>(
    (acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${k}` : String(k)),
    ''
  );
}

function valueAt(data: unknown, keys: PathKey[]): unknown {
  let cur: any = data;
  for (const k of keys) {
    if (cur === null || typeof cur !== 'object') {
      return undefined;
    }
    cur = cur[k];
  }
  return cur;
}

/** Finds the YAML node for a path; falls back to the deepest existing ancestor (for missing keys). */
function locate(root: unknown, keys: PathKey[], atKey: boolean): Node | undefined {
  let node: unknown = root;
  let found = root as Node | undefined;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const last = i === keys.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === k);
      if (!pair) {
        return found;
      }
      if (last && atKey) {
        return pair.key as Node;
      }
      node = pair.value;
    } else if (isSeq(node) && typeof k === 'number') {
      node = node.items[k];
    } else {
      return found;
    }
    if (!node || !(node as Node).range) {
      return found;
    }
    found = node as Node;
  }
  return found;
}

function sortByPosition(errors: ValidationError[]): ValidationError[] {
  return [...errors].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.col ?? 0) - (b.col ?? 0));
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}
