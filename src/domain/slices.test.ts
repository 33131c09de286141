/** @jest-environment node */
import { alignToGrid, countedMask, sliceGrid } from './slices';
import { agreement, iso } from './testHelpers';

const M = 60_000;
const H = 60 * M;

const countOf = (mask: Uint8Array) => mask.reduce((a, b) => a + b, 0);

describe('sliceGrid', () => {
  it.each([
    // [from, to, at, slice] → [first start, count]
    [
      'whole period ended',
      '2026-03-01T00:00:00Z',
      '2026-03-01T01:00:00Z',
      '2026-03-02T00:00:00Z',
      5 * M,
      '2026-03-01T00:00:00Z',
      12,
    ],
    // Only slices that have ended by `at` count: 00:00–00:17 holds 3 ended 5m slices.
    [
      'period in progress',
      '2026-03-01T00:00:00Z',
      '2026-03-01T01:00:00Z',
      '2026-03-01T00:17:00Z',
      5 * M,
      '2026-03-01T00:00:00Z',
      3,
    ],
    // A period that starts between slice boundaries (Nepal, UTC+5:45) begins with the first
    // slice whose start lies inside it, and keeps the last slice starting before its end.
    [
      'unaligned period',
      '2026-03-31T18:15:00Z',
      '2026-04-30T18:15:00Z',
      '2026-06-01T00:00:00Z',
      H,
      '2026-03-31T19:00:00Z',
      720,
    ],
    [
      'period in the future',
      '2026-03-01T00:00:00Z',
      '2026-03-02T00:00:00Z',
      '2026-02-01T00:00:00Z',
      H,
      '2026-03-01T00:00:00Z',
      0,
    ],
  ])('%s', (_n, from, to, at, slice, start, count) => {
    expect(sliceGrid({ from: iso(from), to: iso(to) }, iso(at), slice)).toEqual({
      sliceMs: slice,
      start: iso(start),
      count,
    });
  });
});

describe('countedMask', () => {
  const week = (zone: string, from: string, to: string, sliceMs = H) =>
    sliceGrid({ from: iso(from), to: iso(to) }, iso(to), sliceMs);

  it('counts every slice 24x7, including the short and long DST weeks', () => {
    const spec = agreement({ timezone: 'America/New_York' }).spec;
    expect(countOf(countedMask(spec, week('America/New_York', '2026-03-02T05:00:00Z', '2026-03-09T04:00:00Z')))).toBe(
      167
    );
    const berlin = agreement({ timezone: 'Europe/Berlin' }).spec;
    expect(countOf(countedMask(berlin, week('Europe/Berlin', '2026-10-18T22:00:00Z', '2026-10-25T23:00:00Z')))).toBe(
      169
    );
  });

  it('counts slices starting in local service hours across the New York DST change', () => {
    const spec = agreement({
      timezone: 'America/New_York',
      serviceHours: [
        { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' },
        { days: ['sun'], from: '01:00', to: '04:00' },
      ],
    }).spec;
    const grid = week('America/New_York', '2026-03-02T05:00:00Z', '2026-03-09T04:00:00Z');
    const mask = countedMask(spec, grid);
    // Weekdays: 5 × 8 hourly slices. Sunday 01:00 EST (06:00Z) to 04:00 EDT (08:00Z): 2 real hours.
    expect(countOf(mask)).toBe(5 * 8 + 2);
    const idx = (t: string) => (iso(t) - grid.start) / H;
    expect(mask[idx('2026-03-02T14:00:00Z')]).toBe(1); // Mon 09:00 EST
    expect(mask[idx('2026-03-02T13:00:00Z')]).toBe(0); // Mon 08:00 EST
    expect(mask[idx('2026-03-08T06:00:00Z')]).toBe(1); // Sun 01:00 EST
    expect(mask[idx('2026-03-08T07:00:00Z')]).toBe(1); // Sun 03:00 EDT
    expect(mask[idx('2026-03-08T08:00:00Z')]).toBe(0); // Sun 04:00 EDT
  });

  it('follows Berlin service hours into summer time', () => {
    const spec = agreement({
      timezone: 'Europe/Berlin',
      serviceHours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '08:00', to: '10:00' }],
    }).spec;
    const grid = week('Europe/Berlin', '2026-03-22T23:00:00Z', '2026-03-29T22:00:00Z');
    const mask = countedMask(spec, grid);
    expect(countOf(mask)).toBe(14);
    const idx = (t: string) => (iso(t) - grid.start) / H;
    expect(mask[idx('2026-03-28T07:00:00Z')]).toBe(1); // Sat 08:00 CET
    expect(mask[idx('2026-03-29T06:00:00Z')]).toBe(1); // Sun 08:00 CEST
    expect(mask[idx('2026-03-29T07:00:00Z')]).toBe(1); // Sun 09:00 CEST
    expect(mask[idx('2026-03-29T08:00:00Z')]).toBe(0); // Sun 10:00 CEST
  });

  it('excludes holidays as whole local days (Shanghai, across the month boundary)', () => {
    const spec = agreement({ timezone: 'Asia/Shanghai', holidays: ['2026-03-01'] }).spec;
    // 2026-02-28T00:00+08 to 2026-03-03T00:00+08: 3 local days, the middle one a holiday.
    const grid = week('Asia/Shanghai', '2026-02-27T16:00:00Z', '2026-03-02T16:00:00Z');
    const mask = countedMask(spec, grid);
    expect(countOf(mask)).toBe(48);
    expect(mask[(iso('2026-02-28T15:00:00Z') - grid.start) / H]).toBe(1); // 23:00 on 28 Feb
    expect(mask[(iso('2026-02-28T16:00:00Z') - grid.start) / H]).toBe(0); // 00:00 on 1 Mar
    expect(mask[(iso('2026-03-01T16:00:00Z') - grid.start) / H]).toBe(1); // 00:00 on 2 Mar
  });

  it.each([
    // Maintenance 10:02–10:13 touches the slices starting 10:00, 10:05 and 10:10.
    ['cutting slices', '2026-03-01T10:02:00Z', '2026-03-01T10:13:00Z', ['10:00', '10:05', '10:10']],
    // Exactly one slice: the neighbours only touch it.
    ['on slice boundaries', '2026-03-01T10:05:00Z', '2026-03-01T10:10:00Z', ['10:05']],
    ['within one slice', '2026-03-01T10:06:00Z', '2026-03-01T10:07:00Z', ['10:05']],
    // Written in local time (+08:00): 18:00–18:05 is 10:00–10:05 UTC.
    ['with an offset', '2026-03-01T18:00:00+08:00', '2026-03-01T18:05:00+08:00', ['10:00']],
  ])('excludes slices overlapping a maintenance window %s', (_n, from, to, excluded) => {
    const spec = agreement({ maintenance: [{ from, to }] }).spec;
    const grid = sliceGrid({ from: iso('2026-03-01T09:00:00Z'), to: iso('2026-03-01T12:00:00Z') }, Infinity, 5 * M);
    const mask = countedMask(spec, grid);
    const off = [...mask].flatMap((v, i) => (v ? [] : [new Date(grid.start + i * 5 * M).toISOString().slice(11, 16)]));
    expect(off).toEqual(excluded);
  });
});

describe('alignToGrid', () => {
  const grid = { sliceMs: 5 * M, start: iso('2026-03-01T00:00:00Z'), count: 4 };
  const t = (s: string) => iso(`2026-03-01T${s}Z`);

  it('places a point stamped t in the slice (end − slice, end] with end = ⌈t/slice⌉', () => {
    const out = alignToGrid(
      [t('00:05:00'), t('00:07:30'), t('00:15:00'), t('00:20:00'), t('00:25:00')],
      Float64Array.from([1, 2, 3, 4, 5]),
      grid
    );
    // 00:05 ends slice 0; 00:07:30 → slice 1 (00:05, 00:10]; 00:15 ends slice 2; 00:20 slice 3; 00:25 is outside.
    expect([...out]).toEqual([1, 2, 3, 4]);
  });

  it('leaves slices without a point as NaN and keeps the latest of several points', () => {
    const out = alignToGrid([t('00:01:00'), t('00:04:00'), t('00:20:00')], Float64Array.from([7, 8, 9]), grid);
    expect([...out]).toEqual([8, NaN, NaN, 9]);
  });

  it('uses the values without copying for one point per slice (fast path) with the same result', () => {
    const times = [t('00:00:00'), t('00:05:00'), t('00:10:00'), t('00:15:00'), t('00:20:00')];
    const values = Float64Array.from([0, 1, 2, 3, 4]);
    const out = alignToGrid(times, values, grid);
    expect([...out]).toEqual([1, 2, 3, 4]);
    expect(out.buffer).toBe(values.buffer);
  });
});
