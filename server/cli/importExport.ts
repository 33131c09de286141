/**
 * `slm import` and `slm export`: agreements, catalog services and parties as YAML files
 * (`apiVersion: slm/v1`, kinds Agreement, Service, Party), written straight through the
 * repositories. An import is one transaction: every file is applied, or nothing is.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Transaction } from 'kysely';
import { LineCounter, parseAllDocuments, stringify } from 'yaml';
import { z } from 'zod';
import { parseAgreement, type Agreement } from '../../src/domain';
import { ApiError } from '../http/errors';
import { canonicalJson } from '../resources/agreements/canonical';
import { createAgreement, getAgreement, replaceAgreement } from '../resources/agreements/repository';
import { agreementToYaml, locatePath } from '../resources/agreements/yaml';
import { isEditable } from '../resources/agreements/lifecycle';
import { createParty, parties as partyTable, replaceParty } from '../resources/parties/repository';
import { partyCreateSchema, type PartyInput } from '../resources/parties/schema';
import { createService, getService, replaceService } from '../resources/services/repository';
import { serviceCreateSchema, type ServiceInput } from '../resources/services/schema';
import { findRecord } from '../resources/shared';
import type { Store } from '../store/db';
import type { Database } from '../store/schema';

export class ImportError extends Error {
  override name = 'ImportError';
  constructor(readonly problems: string[]) {
    super(`import failed, nothing was written:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

interface Located {
  file: string;
  /** The document's text, padded with the lines before it so positions match the file. */
  source: string;
  line: number;
  col: number;
}

export type ImportDocument =
  | (Located & { kind: 'Agreement'; key: string; agreement: Agreement })
  | (Located & { kind: 'Service'; key: string; service: ServiceInput })
  | (Located & { kind: 'Party'; key: string; party: PartyInput });

const YAML_FILE = /\.ya?ml$/i;

/** Files to import: each PATH is a YAML file or a folder searched recursively, in name order. */
export async function collectFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => undefined);
    if (!info) {
      throw new ImportError([`${p}: no such file or folder`]);
    }
    if (info.isDirectory()) {
      const entries = (await readdir(p, { recursive: true })).filter((e) => YAML_FILE.test(e)).sort();
      out.push(...entries.map((e) => path.join(p, e)));
    } else {
      out.push(p);
    }
  }
  return out;
}

const recordMetadata = z.strictObject({ key: z.unknown(), name: z.unknown(), description: z.unknown().optional() });
const envelope = z.strictObject({
  apiVersion: z.literal('slm/v1', { error: "must be 'slm/v1'" }),
  kind: z.enum(['Agreement', 'Service', 'Party'], { error: 'must be Agreement, Service or Party' }),
  metadata: z.record(z.string(), z.unknown()),
  spec: z.record(z.string(), z.unknown()),
});

function at(doc: Located, where: string, message: string): string {
  const pos = where ? locatePath(doc.source, where, message === 'unknown key') : undefined;
  const { line, col } = pos ?? doc;
  return `${doc.file}:${line}:${col}: ${where ? `${where}: ` : ''}${message}`;
}

/** A Service or Party document: metadata {key, name, description} + spec, validated by the API's schema. */
function recordDocument<T>(
  doc: Located,
  data: { metadata: Record<string, unknown>; spec: Record<string, unknown> },
  schema: z.ZodType<T>,
  problems: string[]
): T | undefined {
  const meta = recordMetadata.safeParse(data.metadata);
  if (!meta.success) {
    for (const issue of meta.error.issues) {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [''];
      keys.forEach((k) =>
        problems.push(
          at(
            doc,
            ['metadata', ...issue.path.map(String), k].filter(Boolean).join('.'),
            issue.code === 'unrecognized_keys' ? 'unknown key' : issue.message
          )
        )
      );
    }
    return undefined;
  }
  for (const field of ['key', 'name', 'description']) {
    if (field in data.spec) {
      problems.push(at(doc, `spec.${field}`, `belongs in metadata`));
      return undefined;
    }
  }
  const result = schema.safeParse({ ...data.metadata, ...data.spec });
  if (result.success) {
    return result.data;
  }
  for (const issue of result.error.issues) {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    for (const p of keys) {
      const [head, ...rest] = p.map(String);
      const section = ['key', 'name', 'description'].includes(head) ? 'metadata' : 'spec';
      problems.push(
        at(
          doc,
          [section, head, ...rest].filter((x) => x !== undefined && x !== '').join('.'),
          issue.code === 'unrecognized_keys' ? 'unknown key' : issue.message
        )
      );
    }
  }
  return undefined;
}

/** Parses the files (multi-document YAML allowed); every problem is reported as file:line:col. */
export function parseImportFiles(files: Array<{ file: string; text: string }>): ImportDocument[] {
  const problems: string[] = [];
  const docs: ImportDocument[] = [];
  for (const { file, text } of files) {
    const lineCounter = new LineCounter();
    for (const doc of parseAllDocuments(text, { lineCounter })) {
      const contents = doc.contents;
      if (contents === null) {
        continue; // an empty document, e.g. after a trailing ---
      }
      const start = contents.range?.[0] ?? doc.range[0];
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      const source = text.slice(0, lineStart).replace(/[^\n]/g, '') + text.slice(lineStart, doc.range[2]);
      const pos = lineCounter.linePos(start);
      const located: Located = { file, source, line: pos.line, col: pos.col };
      if (doc.errors.length) {
        for (const e of doc.errors) {
          const p = lineCounter.linePos(e.pos[0]);
          problems.push(`${file}:${p.line}:${p.col}: YAML: ${e.message.split('\n')[0]}`);
        }
        continue;
      }
      const data = doc.toJS() as unknown;
      const head = envelope.safeParse(data);
      if (!head.success) {
        for (const issue of head.error.issues) {
          const where = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path.map(String).join('.');
          problems.push(at(located, where, issue.code === 'unrecognized_keys' ? 'unknown key' : issue.message));
        }
        continue;
      }
      if (head.data.kind === 'Agreement') {
        const parsed = parseAgreement(source);
        if (!parsed.ok) {
          parsed.errors.forEach((e) =>
            problems.push(
              `${file}:${e.line ?? pos.line}:${e.col ?? pos.col}: ${e.path ? `${e.path}: ` : ''}${e.message}`
            )
          );
        } else {
          docs.push({ ...located, kind: 'Agreement', key: parsed.agreement.metadata.id, agreement: parsed.agreement });
        }
      } else if (head.data.kind === 'Service') {
        const service = recordDocument(located, head.data, serviceCreateSchema, problems);
        if (service) {
          docs.push({ ...located, kind: 'Service', key: service.key, service });
        }
      } else {
        const party = recordDocument(located, head.data, partyCreateSchema, problems);
        if (party) {
          docs.push({ ...located, kind: 'Party', key: party.key, party });
        }
      }
    }
  }
  const seen = new Map<string, ImportDocument>();
  for (const d of docs) {
    const id = `${d.kind} ${d.key}`;
    const first = seen.get(id);
    if (first) {
      problems.push(
        `${d.file}:${d.line}:${d.col}: ${id} is defined twice (first at ${first.file}:${first.line}:${first.col})`
      );
    } else {
      seen.set(id, d);
    }
  }
  if (problems.length) {
    throw new ImportError(problems);
  }
  return docs;
}

/** Parties, then services, then agreements with what they are underpinned by first. */
export function importOrder(docs: ImportDocument[]): ImportDocument[] {
  const rank = { Party: 0, Service: 1, Agreement: 2 } as const;
  const sorted = [...docs].sort((a, b) => rank[a.kind] - rank[b.kind]);
  const agreements = new Map(sorted.filter((d) => d.kind === 'Agreement').map((d) => [d.key, d]));
  const out: ImportDocument[] = sorted.filter((d) => d.kind !== 'Agreement');
  const placed = new Set<string>();
  const visit = (d: ImportDocument, trail: Set<string>) => {
    if (placed.has(d.key) || trail.has(d.key) || d.kind !== 'Agreement') {
      return; // a cycle is reported by the repository with its path
    }
    trail.add(d.key);
    for (const dep of d.agreement.spec.underpinnedBy ?? []) {
      const target = agreements.get(dep);
      if (target) {
        visit(target, trail);
      }
    }
    placed.add(d.key);
    out.push(d);
  };
  for (const d of agreements.values()) {
    visit(d, new Set());
  }
  return out;
}

export interface ImportSummary {
  created: string[];
  updated: string[];
  unchanged: string[];
}

const sameContent = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

async function applyDocument(
  trx: Transaction<Database>,
  writer: { orgId: number; user: string },
  d: ImportDocument,
  summary: ImportSummary
): Promise<void> {
  const label = `${d.kind} ${d.key}`;
  if (d.kind === 'Service') {
    const current = await getService(trx, writer.orgId, d.key);
    if (!current) {
      await createService(trx, writer.orgId, writer.user, d.service);
      summary.created.push(label);
    } else {
      const { key: _k, version, createdAt: _ca, createdBy: _cb, updatedAt: _ua, updatedBy: _ub, ...content } = current;
      const { key: _key, ...input } = d.service;
      if (sameContent(content, input)) {
        summary.unchanged.push(label);
      } else {
        await replaceService(trx, writer.orgId, writer.user, d.key, version, input);
        summary.updated.push(label);
      }
    }
  } else if (d.kind === 'Party') {
    const current = await findRecord(trx, partyTable, writer.orgId, d.key);
    if (!current) {
      await createParty(trx, writer, d.party);
      summary.created.push(label);
    } else {
      const { key: _k, version, createdAt: _ca, createdBy: _cb, updatedAt: _ua, updatedBy: _ub, ...content } = current;
      const { key: _key, ...input } = d.party;
      if (sameContent(content, input)) {
        summary.unchanged.push(label);
      } else {
        await replaceParty(trx, writer, d.key, version, input);
        summary.updated.push(label);
      }
    }
  } else {
    const exists = await trx
      .selectFrom('agreements')
      .select('id')
      .where('org_id', '=', writer.orgId)
      .where('id', '=', d.key)
      .executeTakeFirst();
    if (!exists) {
      await createAgreement(trx, writer, d.agreement);
      summary.created.push(label);
      return;
    }
    const current = await getAgreement(trx, writer.orgId, d.key);
    if (sameContent(current.document, d.agreement)) {
      summary.unchanged.push(label);
    } else if (!isEditable({ state: current.state, amendmentState: current.amendment?.state ?? null })) {
      throw new ApiError(
        409,
        'not_editable',
        `agreement "${d.key}" is ${current.amendment?.state ?? current.state}; its content cannot be changed by an import (open an amendment first)`
      );
    } else {
      await replaceAgreement(trx, writer, d.key, current.version, d.agreement);
      summary.updated.push(label);
    }
  }
}

/** Applies the documents in one transaction; the first failure rolls everything back. */
export async function importDocuments(
  store: Pick<Store, 'db'>,
  writer: { orgId: number; user: string },
  docs: ImportDocument[]
): Promise<ImportSummary> {
  const summary: ImportSummary = { created: [], updated: [], unchanged: [] };
  await store.db.transaction().execute(async (trx) => {
    for (const d of importOrder(docs)) {
      try {
        await applyDocument(trx, writer, d, summary);
      } catch (err) {
        if (!(err instanceof ApiError)) {
          throw err;
        }
        const issues = Array.isArray(err.details.issues)
          ? (err.details.issues as Array<{ path: string; message: string }>)
          : [];
        throw new ImportError(
          issues.length
            ? issues.map((i) => at(d, d.kind === 'Agreement' ? i.path : `spec.${i.path}`, i.message))
            : [`${d.file}:${d.line}:${d.col}: ${d.kind} ${d.key}: ${err.message}`]
        );
      }
    }
  });
  return summary;
}

/** `slm import PATH…` */
export async function importPaths(
  store: Pick<Store, 'db'>,
  writer: { orgId: number; user: string },
  paths: string[]
): Promise<ImportSummary> {
  const files = await collectFiles(paths);
  const texts = await Promise.all(files.map(async (file) => ({ file, text: await readFile(file, 'utf8') })));
  return importDocuments(store, writer, parseImportFiles(texts));
}

const YAML_OPTIONS = { lineWidth: 0, minContentWidth: 0 } as const;

export interface ExportedFile {
  path: string;
  text: string;
}

/** Every party, service and agreement of the organisation, one YAML document each. */
export async function exportDocuments(store: Pick<Store, 'db'>, orgId: number): Promise<ExportedFile[]> {
  const files: ExportedFile[] = [];
  const partyRows = await (store.db as any)
    .selectFrom('parties')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('key')
    .execute();
  for (const row of partyRows) {
    const p = partyTable.toApi(row);
    const doc = {
      apiVersion: 'slm/v1',
      kind: 'Party',
      metadata: { key: p.key, name: p.name, ...(p.description ? { description: p.description } : {}) },
      spec: { kind: p.kind, contacts: p.contacts },
    };
    files.push({ path: `parties/${p.key}.yaml`, text: stringify(doc, YAML_OPTIONS) });
  }
  const services = await store.db
    .selectFrom('services')
    .select('key')
    .where('org_id', '=', orgId)
    .orderBy('key')
    .execute();
  for (const { key } of services) {
    const s = (await getService(store.db, orgId, key))!;
    const {
      key: _k,
      name,
      description,
      version: _v,
      createdAt: _ca,
      createdBy: _cb,
      updatedAt: _ua,
      updatedBy: _ub,
      ...spec
    } = s;
    const doc = {
      apiVersion: 'slm/v1',
      kind: 'Service',
      metadata: { key, name, ...(description ? { description } : {}) },
      spec,
    };
    files.push({ path: `services/${key}.yaml`, text: stringify(doc, YAML_OPTIONS) });
  }
  const agreements = await store.db
    .selectFrom('agreements')
    .select('id')
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
  for (const { id } of agreements) {
    const a = await getAgreement(store.db, orgId, id);
    files.push({ path: `agreements/${id}.yaml`, text: agreementToYaml(a.document) });
  }
  return files;
}

/** `slm export [--out DIR]`: one file per object under DIR, or every document to stdout. */
export async function exportTo(
  store: Pick<Store, 'db'>,
  orgId: number,
  out: string | undefined,
  write: (s: string) => void
): Promise<number> {
  const files = await exportDocuments(store, orgId);
  if (out === undefined) {
    write(files.map((f) => f.text).join('---\n'));
    return files.length;
  }
  for (const f of files) {
    const target = path.join(out, f.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, f.text);
  }
  return files.length;
}
