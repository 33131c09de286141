/**
 * One zod schema per object of the agreement YAML (DESIGN §4). All objects are strict: an
 * unknown key is an error, because a misspelt `maintenence:` silently ignored would change
 * the numbers a service level manager has to defend.
 */
import { z } from 'zod';
import { DateTime, IANAZone } from 'luxon';

import { DAY_MS, parseDuration } from './duration';

// luxon builds an Intl.DateTimeFormat on every isValidZone call (~80 µs), too slow for the
// engine's write path; valid names are remembered (only valid ones: bad input must not grow it).
const validZones = new Set<string>();
function isIanaZone(name: string): boolean {
  if (validZones.has(name)) {
    return true;
  }
  const valid = IANAZone.isValidZone(name);
  if (valid) {
    validZones.add(name);
  }
  return valid;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const nonEmpty = z.string().trim().min(1, { error: 'must not be empty' });

const keyPattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const keySchema = nonEmpty.regex(keyPattern, {
  error: 'must start with a letter or digit and contain only letters, digits, ".", "_" and "-"',
});

const percent = (what: string) =>
  z.number().refine((v) => v > 0 && v < 100, { error: `${what}must be between 0 and 100` });

/** Slice lengths must tile a day so that slices line up with local days and service hours. */
export const SliceSchema = z.string().superRefine((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: `'${text}' is not a duration like 30s, 5m or 1h` });
  } else if (ms % 1000 !== 0 || ms > DAY_MS || DAY_MS % ms !== 0) {
    ctx.addIssue({ code: 'custom', message: `'${text}' must divide one day evenly (e.g. 1m, 5m, 15m, 1h)` });
  }
});

export const DurationSchema = z.string().refine((t) => parseDuration(t) !== null, {
  error: 'must be a duration like 30s, 5m, 1h or 28d',
});

export const TimeZoneSchema = z
  .string()
  .refine((tz) => isIanaZone(tz), { error: (iss) => `'${String(iss.input)}' is not an IANA time zone` });

const clockRe = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
export const ClockSchema = z.string().regex(clockRe, { error: 'must be a time of day HH:MM (00:00 to 24:00)' });

export const clockMinutes = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

export const DateSchema = z
  .string()
  .refine((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && DateTime.fromISO(d, { zone: 'UTC' }).isValid, {
    error: 'must be a date YYYY-MM-DD',
  });

/** Timestamps without an offset are read in the agreement's time zone (see parseInstant). */
export const InstantSchema = z
  .string()
  .refine((t) => DateTime.fromISO(t, { setZone: true }).isValid, { error: 'must be an ISO-8601 date-time' });

export const QuerySchema = z.strictObject({
  datasource: nonEmpty,
  expr: nonEmpty,
});

export const RatioSliSchema = z.strictObject({ good: QuerySchema, total: QuerySchema });

export const ThresholdSliSchema = z.strictObject({
  query: QuerySchema,
  op: z.enum(['lt', 'lte', 'gt', 'gte']),
  value: z.number().refine(Number.isFinite, { error: 'must be a finite number' }),
});

export const SliSchema = z
  .strictObject({ ratio: RatioSliSchema.optional(), threshold: ThresholdSliSchema.optional() })
  .refine((s) => (s.ratio === undefined) !== (s.threshold === undefined), {
    error: 'needs exactly one of ratio or threshold',
  });

export const ServiceCreditSchema = z.strictObject({
  below: percent(''),
  credit: z.number().min(0, { error: 'must be at least 0' }).max(100, { error: 'must be at most 100' }),
});

export const TargetSchema = z
  .strictObject({
    id: keySchema,
    name: nonEmpty.optional(),
    objective: percent(''),
    warning: z
      .number()
      .refine((v) => v > 0 && v <= 100, { error: 'must be above 0 and at most 100' })
      .optional(),
    slice: SliceSchema,
    budgeting: z.enum(['occurrences', 'timeslices']).optional(),
    sli: SliSchema,
    serviceCredits: z.array(ServiceCreditSchema).optional(),
  })
  .superRefine((t, ctx) => {
    if (t.warning !== undefined && t.objective > 0 && t.objective < 100 && t.warning < t.objective) {
      ctx.addIssue({ code: 'custom', path: ['warning'], message: `must not be below the objective (${t.objective})` });
    }
    if (t.sli.threshold && t.budgeting === 'occurrences') {
      ctx.addIssue({
        code: 'custom',
        path: ['budgeting'],
        message: 'occurrences budgeting needs a ratio SLI (a threshold SLI has no events to count): use timeslices',
      });
    }
  });

export const WindowSchema = z
  .strictObject({
    calendar: z.enum(['week', 'month', 'quarter']).optional(),
    rolling: DurationSchema.optional(),
  })
  .refine((w) => (w.calendar === undefined) !== (w.rolling === undefined), {
    error: 'needs exactly one of calendar (week | month | quarter) or rolling (e.g. 28d)',
  });

export const ServiceHoursSchema = z
  .strictObject({
    days: z
      .array(z.enum(WEEKDAYS))
      .min(1, { error: 'must name at least one day' })
      .refine((d) => new Set(d).size === d.length, { error: 'names a day twice' }),
    from: ClockSchema,
    to: ClockSchema,
  })
  .refine((h) => clockMinutes(h.from) < clockMinutes(h.to), {
    error: 'from must be before to (split ranges that cross midnight)',
    path: ['to'],
  });

export const MaintenanceSchema = z.strictObject({
  from: InstantSchema,
  to: InstantSchema,
  reason: z.string().optional(),
});

export const MetadataSchema = z.strictObject({
  id: keySchema,
  title: nonEmpty,
  description: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
});

export const EffectiveSchema = z.strictObject({ from: DateSchema, to: DateSchema.optional() });

/** How often the agreement is reviewed: the engine schedules one review per cadence period once it has ended. */
export const ReviewCadenceSchema = z.strictObject({
  cadence: z.enum(['month', 'quarter']),
  participants: z.array(nonEmpty).optional(),
});

export const SpecSchema = z
  .strictObject({
    type: z.enum(['SLA', 'OLA', 'UC']),
    service: keySchema,
    provider: keySchema,
    counterparty: keySchema,
    timezone: TimeZoneSchema,
    window: WindowSchema,
    effective: EffectiveSchema.optional(),
    serviceHours: z.array(ServiceHoursSchema).min(1, { error: 'omit serviceHours for 24x7' }).optional(),
    holidays: z.array(DateSchema).optional(),
    maintenance: z.array(MaintenanceSchema).optional(),
    noData: z.enum(['ignore', 'bad', 'good']).default('ignore'),
    minCoverage: z
      .number()
      .min(0, { error: 'must be between 0 and 100' })
      .max(100, { error: 'must be between 0 and 100' })
      .default(0),
    underpinnedBy: z.array(keySchema).optional(),
    review: ReviewCadenceSchema.optional(),
    targets: z.array(TargetSchema).min(1, { error: 'needs at least one target' }),
  })
  .superRefine((spec, ctx) => {
    checkDuplicateTargets(spec.targets, ctx);
    checkServiceHours(spec.serviceHours ?? [], ctx);
    checkMaintenance(spec.maintenance ?? [], spec.timezone, ctx);
    checkRollingWindow(spec, ctx);
  });

export const AgreementSchema = z.strictObject({
  apiVersion: z.literal('slm/v1', { error: "must be 'slm/v1'" }),
  kind: z.literal('Agreement', { error: "must be 'Agreement'" }),
  metadata: MetadataSchema,
  spec: SpecSchema,
});

type Ctx = z.RefinementCtx;

function checkDuplicateTargets(targets: Array<{ id: string }>, ctx: Ctx): void {
  const seen = new Map<string, number>();
  targets.forEach((t, i) => {
    const first = seen.get(t.id);
    if (first !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['targets', i, 'id'],
        message: `duplicates targets[${first}].id '${t.id}'`,
      });
    } else {
      seen.set(t.id, i);
    }
  });
}

function checkServiceHours(hours: Array<{ days: string[]; from: string; to: string }>, ctx: Ctx): void {
  for (let i = 0; i < hours.length; i++) {
    for (let j = 0; j < i; j++) {
      const sharedDay = hours[i].days.find((d) => hours[j].days.includes(d));
      const overlaps =
        clockMinutes(hours[i].from) < clockMinutes(hours[j].to) &&
        clockMinutes(hours[j].from) < clockMinutes(hours[i].to);
      if (sharedDay && overlaps) {
        ctx.addIssue({
          code: 'custom',
          path: ['serviceHours', i],
          message: `overlaps serviceHours[${j}] on ${sharedDay}`,
        });
        break;
      }
    }
  }
}

/** Reads a maintenance/evaluation instant; a time without an offset is local to `zone`. */
export function parseInstant(text: string, zone: string): number {
  return DateTime.fromISO(text, { zone }).toMillis();
}

function checkMaintenance(windows: Array<{ from: string; to: string }>, zone: string, ctx: Ctx): void {
  if (!isIanaZone(zone)) {
    return; // reported on timezone; offsets-less times cannot be placed
  }
  const spans = windows.map((w, i) => ({ i, from: parseInstant(w.from, zone), to: parseInstant(w.to, zone) }));
  for (const s of spans) {
    if (!(s.from < s.to)) {
      ctx.addIssue({ code: 'custom', path: ['maintenance', s.i, 'to'], message: 'must be after from' });
    }
  }
  const valid = spans.filter((s) => s.from < s.to).sort((a, b) => a.from - b.from);
  for (let k = 1; k < valid.length; k++) {
    if (valid[k].from < valid[k - 1].to) {
      const [a, b] = [valid[k - 1].i, valid[k].i].sort((x, y) => x - y);
      ctx.addIssue({ code: 'custom', path: ['maintenance', b], message: `overlaps maintenance[${a}]` });
    }
  }
}

function checkRollingWindow(spec: { window: { rolling?: string }; targets: Array<{ slice: string }> }, ctx: Ctx): void {
  const rolling = spec.window.rolling ? parseDuration(spec.window.rolling) : null;
  if (rolling === null) {
    return;
  }
  spec.targets.forEach((t, i) => {
    const slice = parseDuration(t.slice);
    if (slice !== null && slice > rolling) {
      ctx.addIssue({
        code: 'custom',
        path: ['targets', i, 'slice'],
        message: `must not be longer than the rolling window (${spec.window.rolling})`,
      });
    }
  });
}
