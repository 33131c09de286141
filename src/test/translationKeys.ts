import fs from 'fs';
import path from 'path';

export type Messages = Record<string, string>;

// Matches t('key', 'default' and t("key", "default" (prettier may pick either quote style), across line breaks.
const T_CALL = /\bt\(\s*(['"])([\w.-]+)\1\s*,\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g;

function unescape(literal: string): string {
  return literal.replace(/\\(.)/g, '$1');
}

function sourceFiles(dir: string, skip: (file: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (skip(full)) {
      return [];
    }
    if (entry.isDirectory()) {
      return sourceFiles(full, skip);
    }
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Every t('key', 'English default') in the given tree, as key → default. */
export function extractDefaults(dir: string, skip: (file: string) => boolean = () => false): Messages {
  const found: Messages = {};
  for (const file of sourceFiles(dir, skip)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(T_CALL)) {
      const key = match[2];
      const value = unescape(match[3] ?? match[4] ?? '');
      if (key in found && found[key] !== value) {
        throw new Error(`${key} has two different English defaults: "${found[key]}" and "${value}"`);
      }
      found[key] = value;
    }
  }
  return found;
}

/** Flattens a nested locale file into dotted keys, the way i18next resolves them. */
export function flatten(tree: unknown, prefix = ''): Messages {
  if (typeof tree !== 'object' || tree === null) {
    return { [prefix]: tree as string };
  }
  return Object.entries(tree as Record<string, unknown>).reduce<Messages>(
    (all, [key, value]) => ({ ...all, ...flatten(value, prefix ? `${prefix}.${key}` : key) }),
    {}
  );
}

export function nest(messages: Messages): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const key of Object.keys(messages).sort()) {
    const parts = key.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      node = (node[part] ??= {}) as Record<string, unknown>;
    }
    node[parts[parts.length - 1]] = messages[key];
  }
  return root;
}

export function readLocale(file: string): Messages {
  return flatten(JSON.parse(fs.readFileSync(file, 'utf8')));
}
