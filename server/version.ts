import { readFileSync } from 'node:fs';

/** The engine's version, from server/package.json (read once, at start). */
export const ENGINE_VERSION: string = (
  JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Bumped on incompatible changes of /api/v1; the app's connection test compares it. */
export const API_VERSION = 1;
