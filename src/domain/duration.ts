/** Durations written the Prometheus way (`30s`, `5m`, `1h30m`, `28d`, `1w`), in milliseconds. */

const UNIT_MS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const DURATION_RE = /^(?:\d+[smhdw])+$/;
const PART_RE = /(\d+)([smhdw])/g;

export const DAY_MS = UNIT_MS.d;

/** Parses a duration; returns null when the text is not one (so callers can report where). */
export function parseDuration(text: string): number | null {
  if (typeof text !== 'string' || !DURATION_RE.test(text)) {
    return null;
  }
  let total = 0;
  for (const m of text.matchAll(PART_RE)) {
    total += Number(m[1]) * UNIT_MS[m[2]];
  }
  return total > 0 ? total : null;
}

/** Like parseDuration but throws, for values a schema already checked. */
export function durationMs(text: string): number {
  const ms = parseDuration(text);
  if (ms === null) {
    throw new Error(`invalid duration '${text}'`);
  }
  return ms;
}

/** Formats milliseconds back into the largest exact units (`90m` → `1h30m`). */
export function formatDuration(ms: number): string {
  let rest = Math.round(ms / 1000) * 1000;
  let out = '';
  for (const unit of ['w', 'd', 'h', 'm', 's']) {
    const size = UNIT_MS[unit];
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out || '0s';
}
