/**
 * Public API of the evaluation core, shared by the panel, the app pages and the engine.
 * Names are re-exported one by one, never with `export *`: under tsx, src/ is CommonJS and
 * Node's ESM loader (server/ is "type": "module") cannot see names behind `export *`.
 */
export {
  AGREEMENT_TYPES,
  budgetingOf,
  refIdsOf,
  type Agreement,
  type AgreementInput,
  type AgreementSpec,
  type AgreementState,
  type AgreementType,
  type Budgeting,
  type Maintenance,
  type NoDataMode,
  type Query,
  type ServiceHours,
  type Sli,
  type Target,
  type TargetState,
  type ThresholdOp,
  type Window,
} from './agreement';
export { parseDuration, durationMs, formatDuration } from './duration';
export {
  AgreementSchema,
  SpecSchema,
  TargetSchema,
  SliSchema,
  QuerySchema,
  WindowSchema,
  ServiceHoursSchema,
  MaintenanceSchema,
  MetadataSchema,
  ReviewCadenceSchema,
  parseInstant,
} from './schema';
export {
  parseAgreement,
  validateAgreement,
  formatValidationError,
  type ValidationError,
  type ParseResult,
} from './parseAgreement';
export {
  calendarPeriod,
  previousCalendarPeriod,
  currentPeriod,
  windowLength,
  parsePeriod,
  PeriodError,
  type Period,
  type CalendarUnit,
} from './period';
export { sliceGrid, countedRanges, countedMask, alignToGrid, type SliceGrid } from './slices';
export {
  seriesFromResponse,
  seriesFromFrames,
  framesFromResponse,
  FrameError,
  type FieldLike,
  type FrameLike,
  type Series,
  type FrameIssue,
  type FrameIssueCode,
  type ReadOptions,
} from './frames';
export {
  evaluateAgreement,
  evaluateTarget,
  evaluateResponse,
  targetSeries,
  targetState,
  agreementState,
  errorBudgetRemaining,
  burnRate,
  burnRateOver,
  serviceCredit,
  resolvePeriod,
  type TargetSeries,
  type SeriesByRefId,
  type Interval,
  type SliceCounts,
  type TargetEvaluation,
  type AgreementEvaluation,
  type EvaluateOptions,
} from './evaluate';
export {
  SRE_WORKBOOK_RULES,
  THIRTY_DAYS_MS,
  burnRateRules,
  evaluateBurnRates,
  type BurnRateRule,
  type BurnRateAlert,
} from './burnRate';
export { computeKpis, type KpiInput, type KpiFigures, type Kpis } from './kpi';
export { toReport, isoUtc, type Report, type ReportTarget, type ReportInterval } from './report';
export {
  MAX_POINTS,
  dsQueryBody,
  splitRange,
  mergeResponses,
  type RangeQuery,
  type TimeRangeMs,
  type DataFrameJSON,
  type DsQueryResult,
  type DsQueryResponse,
  type DsQueryBody,
} from './dsQuery';
