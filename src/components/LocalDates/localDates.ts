const pad = (n: number) => String(n).padStart(2, '0');

/** A local calendar date as YYYY-MM-DD (the user's day, not UTC's). */
export function localDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The last whole calendar month before `now`: the period a review usually looks back on. */
export function lastFullMonth(now = new Date()): { from: string; to: string } {
  const first = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  const last = new Date(now.getFullYear(), now.getMonth(), 0);
  return { from: localDate(first), to: localDate(last) };
}

/** An instant as the value of an `<input type="datetime-local">` (the user's time zone). */
export function toLocalInput(iso: string | null): string {
  if (!iso) {
    return '';
  }
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : `${localDate(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value back to an instant; blank is "no date", an unreadable value goes to the engine to refuse. */
export function fromLocalInput(value: string): string | null {
  if (value.trim() === '') {
    return null;
  }
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}
