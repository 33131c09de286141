/** Deep equality of JSON values (records as the engine returns them). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The user's edit re-applied on the latest version: every field the user changed (mine differs
 * from the version the edit started from) takes the user's value; every other field keeps the
 * latest value, so a concurrent change to a field the user did not touch is not undone.
 */
export function reapply<T extends object>(base: T, mine: T, latest: T): T {
  const merged = { ...latest };
  for (const field of Object.keys(mine) as Array<keyof T>) {
    if (!sameValue(mine[field], base[field])) {
      merged[field] = mine[field];
    }
  }
  return merged;
}

/** Fields whose values differ between two versions of a record. */
export function changedFields<T extends object>(a: T, b: T): Array<keyof T> {
  const fields = new Set([...Object.keys(a), ...Object.keys(b)] as Array<keyof T>);
  return [...fields].filter((f) => !sameValue(a[f], b[f]));
}
