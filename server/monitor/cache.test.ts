/**
 * What keeps a steady-state cycle cheap without changing any figure: the segments kept in memory
 * only while the monitor row is the version this engine wrote, the live JSON stored without the
 * agreement-level watermark (so a cycle that only folded leaves it as it was), and folds a bucket
 * length at a time but always up to a settled period end.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { liveTargets, storedLive, type TargetStatus } from './agreementCycle';
import { foldUntil, layoutOf, type StoredSegment } from './fold';
import { SegmentCache } from './segmentCache';

const M = 60_000;
const H = 60 * M;

const rows = new Map<string, StoredSegment[]>([['t', []]]);

describe('segment cache', () => {
  it('hands the segments back only for the row version and revision its commit left, once', () => {
    const cache = new SegmentCache();
    cache.put(1, 'SLA-1', { hash: 'h1', fingerprint: '740', rows, live: '[]' });
    assert.equal(cache.take(1, 'SLA-1', 'h1', '741'), undefined, 'someone wrote the row since');
    assert.equal(cache.take(1, 'SLA-1', 'h1', '740'), undefined, 'a miss forgets the entry');
    cache.put(1, 'SLA-1', { hash: 'h1', fingerprint: '740', rows, live: '[]' });
    assert.equal(cache.take(1, 'SLA-1', 'h2', '740'), undefined, 'another revision');
    cache.put(1, 'SLA-1', { hash: 'h1', fingerprint: '740', rows, live: '[]' });
    assert.equal(cache.take(2, 'SLA-1', 'h1', '740'), undefined, 'another organisation');
    assert.equal(cache.take(1, 'SLA-1', 'h1', null), undefined, 'no version known');
    cache.put(1, 'SLA-1', { hash: 'h1', fingerprint: '740', rows, live: '[]' });
    assert.equal(cache.take(1, 'SLA-1', 'h1', '740')?.rows, rows);
    assert.equal(cache.size, 0, 'taken entries are put again only after the next commit');
  });
});

describe('stored live status', () => {
  const status = (id: string, settledUntil: string) => ({ id, state: 'met', settledUntil }) as unknown as TargetStatus;

  it('leaves out the watermarks equal to the agreement’s and reads them back', () => {
    const at = Date.UTC(2026, 2, 16, 12);
    const statuses = [status('a', new Date(at).toISOString()), status('b', new Date(at - H).toISOString())];
    const stored = storedLive(statuses, at);
    assert.equal('settledUntil' in stored[0], false);
    assert.equal(stored[1].settledUntil, new Date(at - H).toISOString());
    assert.deepEqual(liveTargets(JSON.parse(JSON.stringify(stored)), new Date(at)), statuses);
  });

  it('only a folded watermark changed: the stored JSON is the same', () => {
    const before = Date.UTC(2026, 2, 16, 12);
    const after = before + 5 * M;
    const json = (t: number) => JSON.stringify(storedLive([status('a', new Date(t).toISOString()), status('b', new Date(t).toISOString())], t));
    assert.equal(json(before), json(after));
  });
});

describe('foldUntil', () => {
  const spec = (calendar?: 'week') =>
    ({ timezone: 'Asia/Kolkata', window: calendar ? { calendar } : { rolling: '1d' } }) as never;
  const target = { slice: '15m' } as never;

  it('folds whole hours (epoch-aligned) of settled slices', () => {
    const layout = layoutOf(spec(), target);
    const from = Date.UTC(2026, 2, 16, 12);
    assert.equal(foldUntil(layout, from, from + 45 * M), from, 'less than an hour settled: nothing');
    assert.equal(foldUntil(layout, from, from + H), from + H);
    assert.equal(foldUntil(layout, from, from + 2 * H + 30 * M), from + 2 * H);
  });

  it('folds a settled period up to its end, also off the hour (Monday 00:00 in Kolkata is 18:30 UTC)', () => {
    const layout = layoutOf(spec('week'), target);
    const weekEnd = Date.UTC(2026, 2, 15, 18, 30);
    assert.equal(foldUntil(layout, weekEnd - 2 * H, weekEnd + 15 * M), weekEnd);
    assert.equal(foldUntil(layout, weekEnd - 2 * H, weekEnd - 15 * M), weekEnd - 30 * M, 'not settled yet: the last whole hour (18:00 UTC)');
  });
});
