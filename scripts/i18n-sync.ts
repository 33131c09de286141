/**
 * `npm run i18n:sync`: rewrites the en-US locale files from the t('key', 'English default') calls
 * in the source (Grafana 13.1+ shows the in-source default to English users, so en-US must match
 * it) and merges Simplified Chinese translations waiting in src/locales/_incoming/*.zh-Hans.json
 * (flat key → text maps) into zh-Hans. Keys no longer in the source are dropped from both.
 * Exits 1 and lists them when a key still has no Chinese text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { extractDefaults, nest, readLocale, type Messages } from '../src/test/translationKeys';

const SRC = path.resolve(__dirname, '..', 'src');
const PANEL = path.join(SRC, 'panels', 'slastatus');
const INCOMING = path.join(SRC, 'locales', '_incoming');

const namespaces = [
  {
    name: 'slm-servicelevel-app',
    dir: path.join(SRC, 'locales'),
    source: () =>
      extractDefaults(SRC, (file) => ['panels', 'domain', 'test'].some((skip) => file.startsWith(path.join(SRC, skip)))),
  },
  { name: 'slm-slastatus-panel', dir: path.join(PANEL, 'locales'), source: () => extractDefaults(PANEL) },
];

function incoming(): Messages {
  if (!fs.existsSync(INCOMING)) {
    return {};
  }
  return fs
    .readdirSync(INCOMING)
    .filter((f) => f.endsWith('.zh-Hans.json'))
    .reduce<Messages>((all, f) => ({ ...all, ...JSON.parse(fs.readFileSync(path.join(INCOMING, f), 'utf8')) }), {});
}

function write(file: string, messages: Messages): void {
  fs.writeFileSync(file, JSON.stringify(nest(messages), null, 2) + '\n');
}

const waiting = incoming();
const used = new Set<string>();
let missing: string[] = [];
for (const ns of namespaces) {
  const english = ns.source();
  const zhFile = path.join(ns.dir, 'zh-Hans', `${ns.name}.json`);
  const chinese = readLocale(zhFile);
  const merged: Messages = {};
  for (const key of Object.keys(english)) {
    const text = waiting[key] ?? chinese[key];
    if (key in waiting) {
      used.add(key);
    }
    if (text === undefined || text.trim() === '') {
      missing.push(`${ns.name}: ${key} ("${english[key]}")`);
    } else {
      merged[key] = text;
    }
  }
  write(path.join(ns.dir, 'en-US', `${ns.name}.json`), english);
  write(zhFile, merged);
}
const unused = Object.keys(waiting).filter((k) => !used.has(k));
if (unused.length) {
  console.warn(`incoming translations for keys not in the source (ignored):\n  ${unused.join('\n  ')}`);
}
if (missing.length) {
  console.error(`keys without a Simplified Chinese translation:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
console.log('locales in sync');
