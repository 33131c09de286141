/** Stable `data-testid`s of the review pages, for Jest and the browser tests. */
export const testIds = {
  list: {
    filters: 'slm-review-filters',
    table: 'slm-reviews-table',
    range: 'slm-reviews-range',
    scheduleResult: 'slm-review-schedule-result',
  },
  form: 'slm-review-form',
  detail: {
    header: 'slm-review-header',
    actions: 'slm-review-actions',
    status: 'slm-review-status',
    dashboard: 'slm-review-dashboard',
    refused: 'slm-review-refused',
    tab: (key: string) => `slm-review-tab-${key}`,
  },
  report: {
    root: 'slm-review-report',
    source: 'slm-review-report-source',
    agreement: (id: string) => `slm-report-agreement-${id}`,
    target: (agreementId: string, targetId: string) => `slm-report-target-${agreementId}-${targetId}`,
    compliance: 'slm-report-compliance',
    credit: 'slm-report-credit',
    underpinning: 'slm-report-underpinning',
    breaches: 'slm-report-breaches',
    credits: 'slm-report-credits',
    kpis: 'slm-report-kpis',
    kpi: (type: string) => `slm-report-kpi-${type}`,
  },
  meeting: {
    form: 'slm-review-meeting',
    decisions: 'slm-list-decisions',
    actionItems: 'slm-review-action-items',
  },
  plans: {
    root: 'slm-review-plans',
    row: 'slm-review-plan',
  },
};
