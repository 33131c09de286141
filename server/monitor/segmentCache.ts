/**
 * The stored segments of the agreements this engine evaluated last, kept in memory so that a
 * steady-state cycle does not read them back. An entry is used only while the agreement's
 * monitor row is exactly as this engine's commit left it: the claim returns the row version it
 * found (its `xmin`, the transaction that wrote it last), and the entry holds the version its own
 * commit wrote. Another replica's claim or commit, a reset of the watermarks, a new revision, a
 * restart or a failed commit all mean another version (or no entry): the segments are read again.
 */
import type { StoredSegment } from './fold';

export interface CachedSegments {
  /** The monitored revision the segments belong to. */
  hash: string;
  /** Row version of the agreement's monitor row after the commit that left these segments. */
  fingerprint: string;
  /** Per target, as stored (state included), sorted by segment start. */
  rows: Map<string, StoredSegment[]>;
  /** The live status JSON stored on the agreement's row. */
  live: string;
}

/** Entries kept at most; past that the cache starts afresh (the next cycle reads from the database). */
const MAX_ENTRIES = 50_000;

export class SegmentCache {
  private readonly entries = new Map<string, CachedSegments>();

  private static key(orgId: number, agreementId: string): string {
    return `${orgId}/${agreementId}`;
  }

  /** The entry, when the row is still at `fingerprint` and the revision is `hash`; forgotten either way (put again after the next commit). */
  take(orgId: number, agreementId: string, hash: string, fingerprint: string | null): CachedSegments | undefined {
    const key = SegmentCache.key(orgId, agreementId);
    const entry = this.entries.get(key);
    if (!entry) {
      return undefined;
    }
    this.entries.delete(key);
    return entry.hash === hash && fingerprint !== null && entry.fingerprint === fingerprint ? entry : undefined;
  }

  put(orgId: number, agreementId: string, entry: CachedSegments): void {
    if (this.entries.size >= MAX_ENTRIES) {
      this.entries.clear();
    }
    this.entries.set(SegmentCache.key(orgId, agreementId), entry);
  }

  get size(): number {
    return this.entries.size;
  }
}
