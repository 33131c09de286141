import React from 'react';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type PanelProps } from '@grafana/data';
import { evaluateAgreement, parseAgreement, seriesFromFrames, type Agreement, type FrameLike } from '../../domain';
import { SlaStatusPanel } from './SlaStatusPanel';
import { PAD } from './components/SliChart';
import { activeMappings, buildAdhocAgreement } from './mapping';
import { panelTestIds as ids } from './testIds';
import { DEFAULT_OPTIONS, type SlaStatusOptions } from './types';
import { engineError, hourly, installRegistry, lokiFrame, lokiLogsFrame, panelData, promFrame } from './testSupport';

const H = 3_600_000;
const MARCH = Date.UTC(2026, 2, 1); // Sunday 2026-03-01 00:00 UTC
const AT = Date.UTC(2026, 2, 3); // 48 hourly slices of March have ended

function renderPanel(options: Partial<SlaStatusOptions>, data = panelData([], MARCH, AT), size = { width: 800, height: 420 }) {
  const props = {
    options: { ...DEFAULT_OPTIONS, ...options },
    data,
    timeZone: 'utc',
    timeRange: data.timeRange,
    fieldConfig: { defaults: {}, overrides: [] },
    ...size,
  } as unknown as PanelProps<SlaStatusOptions>;
  return render(<SlaStatusPanel {...props} />);
}

beforeEach(() => {
  jest.spyOn(Date, 'now').mockReturnValue(AT);
});
afterEach(() => jest.restoreAllMocks());

/** 1000 requests an hour; hours 10 and 11 of March 1st lose 100 each, hour 30 loses 15. */
function availabilityFrames() {
  const times = hourly(MARCH, 48);
  const total = times.map(() => 1000);
  const good = times.map((_, i) => (i === 10 || i === 11 ? 900 : i === 30 ? 985 : 1000));
  return [promFrame('A', times, good, { job: 'mail' }), promFrame('B', times, total, { job: 'mail' })];
}

const adhocRatio: Partial<SlaStatusOptions> = {
  source: 'adhoc',
  objective: 99,
  window: 'month',
  timezone: 'UTC',
  slice: '1h',
  mappings: [
    { refId: 'A', target: 'availability', role: 'good' },
    { refId: 'B', target: 'availability', role: 'total' },
  ],
};

const regionsOf = () =>
  screen.queryAllByTestId(ids.region).map((r) => [Number(r.getAttribute('data-from')), Number(r.getAttribute('data-to'))]);

describe('ad-hoc objective on Prometheus frames', () => {
  test('shows compliance, budget, state and breach regions equal to the evaluator and to hand-computed values', async () => {
    const frames = availabilityFrames();
    renderPanel(adhocRatio, panelData(frames, MARCH, AT));
    await screen.findByTestId(ids.target('availability'));

    // By hand: Σgood = 48000 − 100 − 100 − 15 = 47785 of 48000 → 99.552083 %;
    // budget = 100 × (1 − (100 − 99.552083) ÷ (100 − 99)) = 55.2083 %.
    expect(screen.getByTestId(ids.compliance)).toHaveTextContent('99.552%');
    expect(screen.getByTestId(ids.budget)).toHaveTextContent('55.2%');
    expect(screen.getByTestId(ids.state)).toHaveAttribute('data-state', 'met');

    // The same numbers from the shared evaluator on the same frames.
    const rows = activeMappings(adhocRatio as SlaStatusOptions);
    const agreement = buildAdhocAgreement({ ...DEFAULT_OPTIONS, ...adhocRatio }, rows, { timeZone: 'UTC' }) as Agreement;
    const renamed = frames.map((f) => ({ ...f, refId: f.refId === 'A' ? 'availability/good' : 'availability/total' }));
    const e = evaluateAgreement(agreement, seriesFromFrames(renamed as unknown as FrameLike[]), { at: AT }).targets[0];
    expect(e.compliance).toBeCloseTo(99.552083, 5);
    expect(e.errorBudgetRemaining).toBeCloseTo(55.2083, 3);

    // Bad hours (good ÷ total < 99 %): [10:00, 12:00) on March 1st and [06:00, 07:00) on March 2nd.
    const expected = [
      [MARCH + 10 * H, MARCH + 12 * H],
      [MARCH + 30 * H, MARCH + 31 * H],
    ];
    expect(e.badIntervals.map((i) => [i.from, i.to])).toEqual(expected);
    expect(regionsOf()).toEqual(expected);

    // Regions sit where their times are on the chart's axis: March 1st 10:00 is 10/744 of the month.
    const chart = screen.getByTestId(ids.chart);
    const first = screen.getAllByTestId(ids.region)[0];
    const plotWidth = Number(chart.getAttribute('width')) - PAD.left - PAD.right;
    expect(Number(first.getAttribute('x'))).toBeCloseTo(PAD.left + (10 / 744) * plotWidth, 1);
    expect(Number(first.getAttribute('width'))).toBeCloseTo((2 / 744) * plotWidth, 1);
  });

  test('a warning level above the compliance makes the state at risk; the burn-down ends at the budget remaining', async () => {
    renderPanel({ ...adhocRatio, warning: 99.9 }, panelData(availabilityFrames(), MARCH, AT));
    await screen.findByTestId(ids.target('availability'));
    expect(screen.getByTestId(ids.state)).toHaveAttribute('data-state', 'at_risk');
    expect(screen.getByTestId(ids.state)).toHaveTextContent('At risk');
    const points = screen.getByTestId(ids.burnDown).getAttribute('data-points')!.split(' ').map(Number);
    expect(points).toHaveLength(8);
    expect(points[points.length - 1]).toBeCloseTo(55.208, 3);
    // Before the first dip (the first 1/8 of two days is 6 h) nothing was spent.
    expect(points[0]).toBe(100);
  });

  test('a previous period without data says so and shows the no-data state', async () => {
    renderPanel({ ...adhocRatio, period: 'previous' }, panelData(availabilityFrames(), MARCH, AT));
    await screen.findByTestId(ids.target('availability'));
    expect(screen.getByTestId(ids.state)).toHaveAttribute('data-state', 'no_data');
    const message = screen.getByTestId(ids.message);
    expect(message).toHaveAttribute('data-kind', 'no_data');
    expect(message).toHaveTextContent('No data for availability in the period 2026-02-01 00:00 – 2026-03-01 00:00');
    expect(screen.getByTestId(ids.compliance)).toHaveTextContent('–');
  });

  test('a query that returns several series is named, with what to do', async () => {
    const times = hourly(MARCH, 48);
    const frames = [
      promFrame('A', times, times.map(() => 990), { job: 'mail', instance: 'a' }),
      promFrame('A', times, times.map(() => 10), { job: 'mail', instance: 'b' }),
      promFrame('B', times, times.map(() => 1000)),
    ];
    renderPanel(adhocRatio, panelData(frames, MARCH, AT));
    const message = screen.getByTestId(ids.message);
    expect(message).toHaveAttribute('data-kind', 'several_series');
    expect(message).toHaveTextContent('Query A returns 2 series; an SLI needs exactly one. Aggregate it, e.g. with sum(...)');
  });

  test('a missing mapping names the role still needed', () => {
    renderPanel({ ...adhocRatio, mappings: [{ refId: 'A', target: 'availability', role: 'good' }] }, panelData(availabilityFrames(), MARCH, AT));
    expect(screen.getByTestId(ids.message)).toHaveTextContent('Target availability needs a query for: total events. Map one in the panel options');
  });

  test('no mapping at all asks for one', () => {
    renderPanel({ source: 'adhoc', mappings: [] });
    expect(screen.getByTestId(ids.unmapped)).toHaveTextContent("Map this panel's queries to an agreement target in the panel options");
  });

  test('an invalid ad-hoc objective is reported by the shared schema', () => {
    renderPanel({ ...adhocRatio, objective: 100 }, panelData(availabilityFrames(), MARCH, AT));
    expect(screen.getByTestId(ids.message)).toHaveTextContent('The objective is not valid: spec.targets[0].objective: must be between 0 and 100');
  });

  test('ad-hoc slice defaults from the query interval', () => {
    const agreement = buildAdhocAgreement({ ...DEFAULT_OPTIONS, ...adhocRatio, slice: '' }, activeMappings(adhocRatio as SlaStatusOptions), {
      timeZone: 'Europe/Berlin',
      intervalMs: 240_000,
    }) as Agreement;
    expect(agreement.spec.targets[0].slice).toBe('5m');
    expect(agreement.spec.timezone).toBe('UTC');
  });
});

describe('Loki metric queries', () => {
  const lokiOptions: Partial<SlaStatusOptions> = {
    source: 'adhoc',
    objective: 95,
    timezone: 'UTC',
    slice: '1h',
    mappings: [{ refId: 'L', target: 'timeouts', role: 'value', op: 'lte', threshold: 5 }],
  };

  test('a threshold on a Loki count: timeslices compliance and regions from the evaluator', async () => {
    const times = hourly(MARCH, 48);
    // 3 of 48 hours over 5 timeouts; one hour (20) without a point (Loki omits empty counts).
    const values = times.map((_, i) => (i === 4 || i === 5 || i === 40 ? 12 : 1));
    const kept = times.filter((_, i) => i !== 20);
    renderPanel(lokiOptions, panelData([lokiFrame('L', kept, values.filter((_, i) => i !== 20))], MARCH, AT));
    await screen.findByTestId(ids.target('timeouts'));
    // 47 hours with data (noData: ignore), 44 good → 93.617 %, below 95: breached.
    expect(screen.getByTestId(ids.compliance)).toHaveTextContent('93.617%');
    expect(screen.getByTestId(ids.state)).toHaveAttribute('data-state', 'breached');
    // budget = 100 × (1 − 6.383 ÷ 5) = −27.7 %
    expect(screen.getByTestId(ids.budget)).toHaveTextContent('-27.7%');
    expect(regionsOf()).toEqual([
      [MARCH + 4 * H, MARCH + 6 * H],
      [MARCH + 40 * H, MARCH + 41 * H],
    ]);
  });

  test('a Loki log query is refused with a clear message', () => {
    renderPanel(lokiOptions, panelData([lokiLogsFrame('L', hourly(MARCH, 3))], MARCH, AT));
    expect(screen.getByTestId(ids.message)).toHaveTextContent('Query L does not return numbers (a log query instead of a metric query?)');
  });
});

const REGISTRY_YAML = `apiVersion: slm/v1
kind: Agreement
metadata:
  id: SLA-2026-001
  title: Mail service for Finance
spec:
  type: SLA
  service: mail
  provider: it-operations
  counterparty: finance
  timezone: UTC
  window: { calendar: month }
  serviceHours:
    - { days: [mon, tue, wed, thu, fri], from: "08:00", to: "18:00" }
  maintenance:
    - { from: "2026-03-02T12:00:00Z", to: "2026-03-02T14:00:00Z" }
  targets:
    - id: availability
      name: Availability
      objective: 99
      slice: 1h
      sli:
        ratio:
          good: { datasource: prometheus, expr: 'sum(increase(ok[1h]))' }
          total: { datasource: prometheus, expr: 'sum(increase(all[1h]))' }
    - id: latency
      objective: 90
      slice: 1h
      budgeting: timeslices
      sli:
        threshold:
          query: { datasource: prometheus, expr: 'p95' }
          op: lte
          value: 0.3
`;

describe('registry agreement', () => {
  const registryAgreement = (parseAgreement(REGISTRY_YAML) as { agreement: Agreement }).agreement;
  const latencyFrame = () => {
    const times = hourly(MARCH, 48);
    // Monday March 2nd: 08–18 counts except maintenance 12–14 → 8 counted hours; 09:00 and 10:00 too slow.
    return promFrame('C', times, times.map((_, i) => (i === 33 || i === 34 ? 0.8 : i === 2 ? 5 : 0.1)));
  };

  beforeEach(() => {
    installRegistry((req) =>
      req.url.endsWith('/agreements/SLA-2026-001/export')
        ? { status: 200, data: REGISTRY_YAML, headers: { etag: '"3"' } }
        : req.url.endsWith('/agreements/SLA-SECRET/export')
          ? engineError(403, 'forbidden', 'not allowed')
          : engineError(404, 'not_found', 'no such agreement')
    );
  });

  test('one target in full: numbers from the evaluator, out-of-hours and maintenance shaded', async () => {
    renderPanel({ agreementId: 'SLA-2026-001', mappings: [{ refId: 'C', target: 'latency', role: 'value' }] }, panelData([latencyFrame()], MARCH, AT));
    await screen.findByTestId(ids.target('latency'));
    // 8 counted hours (Mon 08–12, 14–18), 2 bad → 75 %; the 5 s at Sunday 02:00 is outside service hours.
    const e = evaluateAgreement(
      { ...registryAgreement, spec: { ...registryAgreement.spec, targets: [registryAgreement.spec.targets[1]] } },
      { 'latency/value': seriesFromFrames([{ ...latencyFrame(), refId: 'latency/value' }] as unknown as FrameLike[]).get('latency/value')! },
      { at: AT }
    ).targets[0];
    expect(e.compliance).toBe(75);
    expect(screen.getByTestId(ids.compliance)).toHaveTextContent('75.000%');
    expect(screen.getByTestId(ids.state)).toHaveAttribute('data-state', 'breached');
    expect(regionsOf()).toEqual([[MARCH + 33 * H, MARCH + 35 * H]]);

    const maintenance = screen.getAllByTestId(ids.maintenance).map((r) => [Number(r.dataset.from), Number(r.dataset.to)]);
    expect(maintenance).toEqual([[MARCH + 36 * H, MARCH + 38 * H]]);
    // Out of service hours: all of Sunday and Monday until 08:00 is the first shaded span, then Monday 18:00 → Tuesday 08:00.
    const shaded = screen.getAllByTestId(ids.outOfHours).map((r) => [Number(r.dataset.from), Number(r.dataset.to)]);
    expect(shaded[0]).toEqual([MARCH, MARCH + 32 * H]);
    expect(shaded[1]).toEqual([MARCH + 42 * H, MARCH + 56 * H]);
    // Weekends of March (7–8, 14–15, 21–22, 28–29) are shaded too: 22 working days → 23 gaps.
    expect(shaded).toHaveLength(23);
    // The title links to the agreement's page in the app.
    expect(screen.getByRole('link', { name: 'Mail service for Finance' })).toHaveAttribute('href', '/a/slm-servicelevel-app/agreements/SLA-2026-001');
  });

  test('several targets: compact rows, one per target, each equal to the evaluator', async () => {
    const frames = [...availabilityFrames(), latencyFrame()];
    renderPanel(
      {
        agreementId: 'SLA-2026-001',
        mappings: [
          { refId: 'A', target: 'availability', role: 'good' },
          { refId: 'B', target: 'availability', role: 'total' },
          { refId: 'C', target: 'latency', role: 'value' },
        ],
      },
      panelData(frames, MARCH, AT)
    );
    await waitFor(() => expect(screen.getAllByTestId(ids.compactRow)).toHaveLength(2));
    const renamed = frames.map((f) => ({ ...f, refId: { A: 'availability/good', B: 'availability/total', C: 'latency/value' }[f.refId!] }));
    const e = evaluateAgreement(registryAgreement, seriesFromFrames(renamed as unknown as FrameLike[]), { at: AT });
    const [avail, latency] = screen.getAllByTestId(ids.compactRow);
    // Availability in service hours only: Monday 08–12 and 14–18, of which 06:00 is outside → all 8 counted hours are 1000/1000.
    expect(e.targets[0].compliance).toBe(100);
    expect(within(avail).getByTestId(ids.compliance)).toHaveTextContent('100.000%');
    expect(within(avail).getByTestId(ids.state)).toHaveAttribute('data-state', 'met');
    expect(within(avail).getByTestId(ids.budget)).toHaveTextContent('100.0%');
    expect(within(latency).getByTestId(ids.compliance)).toHaveTextContent('75.000%');
    expect(within(latency).getByTestId(ids.budget)).toHaveTextContent(`${e.targets[1].errorBudgetRemaining!.toFixed(1)}%`);
    expect(avail).toHaveTextContent('Availability');
  });

  test('an agreement the user may not read', async () => {
    renderPanel({ agreementId: 'SLA-SECRET', mappings: [{ refId: 'C', target: 'latency', role: 'value' }] }, panelData([latencyFrame()], MARCH, AT));
    const message = await screen.findByTestId(ids.message);
    expect(message).toHaveAttribute('data-kind', 'forbidden');
    expect(message).toHaveTextContent('You may not read agreement SLA-SECRET. Ask a service level manager for access');
  });

  test('an agreement that does not exist, and a target it does not have', async () => {
    const { unmount } = renderPanel({ agreementId: 'SLA-NONE', mappings: [{ refId: 'C', target: 'latency', role: 'value' }] });
    expect(await screen.findByTestId(ids.message)).toHaveTextContent('Agreement SLA-NONE does not exist in the registry');
    unmount();
    renderPanel({ agreementId: 'SLA-2026-001', mappings: [{ refId: 'C', target: 'p99', role: 'value' }] });
    expect(await screen.findByTestId(ids.message)).toHaveTextContent('Agreement SLA-2026-001 has no target p99 (its targets: availability, latency)');
  });

  test('a value query mapped to a ratio target is named', async () => {
    renderPanel({ agreementId: 'SLA-2026-001', mappings: [{ refId: 'C', target: 'availability', role: 'value' }] });
    expect(await screen.findByTestId(ids.message)).toHaveTextContent('Query C is mapped as value, but target availability takes: good events, total events');
  });
});

describe('KPI mode', () => {
  const doc = (id: string, type: string, expr: string, objective = 99) => `apiVersion: slm/v1
kind: Agreement
metadata: { id: ${id}, title: ${id} title }
spec:
  type: ${type}
  service: mail
  provider: ops
  counterparty: finance
  timezone: UTC
  window: { calendar: month }
  minCoverage: 90
  targets:
    - id: availability
      objective: ${objective}
      slice: 1h
      budgeting: occurrences
      sli:
        ratio:
          good: { datasource: prom, expr: '${expr}_good' }
          total: { datasource: prom, expr: '${expr}_total' }
`;
  /** Hourly counts per expression: 1000 requests, `bad` of them failing in hour 5. */
  const frameJson = (refId: string, values: number[]) => ({
    schema: { refId, meta: { type: 'timeseries-multi' }, fields: [{ name: 'Time', type: 'time' }, { name: 'Value', type: 'number', labels: {} }] },
    data: { values: [hourly(MARCH, values.length), values] },
  });
  const counts = (expr: string): number[] | 'error' | 'empty' => {
    const [name, role] = expr.split('_');
    if (name === 'broken') {
      return 'error';
    }
    if (name === 'silent') {
      return 'empty';
    }
    const bad = name === 'poor' ? 200 : 5;
    return Array.from({ length: 48 }, (_, i) => (role === 'total' ? 1000 : i === 5 ? 1000 - bad : 1000));
  };
  const docs: Record<string, string> = {
    'SLA-1': doc('SLA-1', 'SLA', 'fine'),
    'SLA-2': doc('SLA-2', 'SLA', 'poor', 99.9),
    'SLA-3': doc('SLA-3', 'SLA', 'broken'),
    'OLA-1': doc('OLA-1', 'OLA', 'silent'),
    'OLA-2': doc('OLA-2', 'OLA', 'fine'),
  };

  function installKpiRegistry() {
    return installRegistry((request) => {
      if (request.url.endsWith('/agreements')) {
        const items = [...Object.keys(docs), 'UC-GONE'].map((id) => ({ id, type: id.split('-')[0], title: id, state: 'active' }));
        return { status: 200, data: { total: items.length, items } };
      }
      const exported = /\/agreements\/([^/]+)\/export$/.exec(request.url);
      if (exported) {
        const yaml = docs[decodeURIComponent(exported[1])];
        return yaml ? { status: 200, data: yaml, headers: { etag: '"1"' } } : engineError(404, 'not_found', `agreement "${exported[1]}" not found`);
      }
      if (request.url === '/api/ds/query') {
        const body = request.data as { queries: Array<{ refId: string; expr: string }> };
        const results: Record<string, unknown> = {};
        let failed = false;
        for (const q of body.queries) {
          const c = counts(q.expr);
          failed ||= c === 'error';
          results[q.refId] =
            c === 'error'
              ? { status: 400, error: 'bad_data: parse error at char 3', errorSource: 'downstream' }
              : { status: 200, frames: c === 'empty' ? [{ schema: { refId: q.refId, meta: { type: 'timeseries-multi' }, fields: [] }, data: { values: [] } }] : [frameJson(q.refId, c)] };
        }
        return { status: failed ? 400 : 200, data: { results } };
      }
      return { status: 404, data: { message: 'Not found' } };
    });
  }

  test('evaluates each active agreement with the shared evaluator: monitored and breached counts and ratios per type, drill-down links', async () => {
    const requests = installKpiRegistry();
    renderPanel({ mode: 'kpi', kpiService: 'mail' });
    await waitFor(() => expect(screen.getByTestId(ids.kpi)).toHaveAttribute('data-complete', 'true'));
    const sla = screen.getByTestId(ids.kpiRow('SLA'));
    const cell = (row: HTMLElement, field: string) => row.querySelector(`[data-field="${field}"]`)!;
    // SLA-1: 5 of 48 000 lost → 99.99 % ≥ 99 → met; SLA-2: 200 lost → 99.58 % < 99.9 → breached;
    // SLA-3: its queries fail → not monitored. OLA-1: no series → no data; OLA-2 met. UC-GONE: unreadable.
    expect(cell(sla, 'active')).toHaveTextContent('3');
    expect(cell(sla, 'monitored')).toHaveTextContent('2 (66.7%)');
    expect(cell(sla, 'breached')).toHaveTextContent('1 (50.0%)');
    const ola = screen.getByTestId(ids.kpiRow('OLA'));
    expect(cell(ola, 'monitored')).toHaveTextContent('1 (50.0%)');
    expect(cell(ola, 'breached')).toHaveTextContent('0 (0.0%)');
    const all = screen.getByTestId(ids.kpiRow('all'));
    expect(cell(all, 'active')).toHaveTextContent('6');
    expect(cell(all, 'monitored')).toHaveTextContent('3 (50.0%)');
    expect(cell(all, 'breached')).toHaveTextContent('1 (33.3%)');
    expect(within(sla).getByRole('link', { name: 'SLA' })).toHaveAttribute('href', '/a/slm-servicelevel-app/agreements?type=SLA&service=mail&state=active');
    expect(within(sla).getByRole('link', { name: '1' })).toHaveAttribute('href', '/a/slm-servicelevel-app/breaches?type=SLA&service=mail');
    expect(requests[0].url).toBe('/api/plugin-proxy/slm-servicelevel-app/api/v1/agreements');
    expect(requests[0].params).toEqual({ state: 'active', limit: 500, service: 'mail' });

    // The queries went to Grafana's query API over the current period (March 1st to now) at the slice.
    const query = requests.find((r) => r.url === '/api/ds/query' && JSON.stringify(r.data).includes('fine_good'))!;
    const body = query.data as { from: string; to: string; queries: Array<Record<string, unknown>> };
    expect(body.from).toBe(String(MARCH));
    expect(body.to).toBe(String(AT));
    expect(body.queries[0]).toMatchObject({ refId: 'availability/good', datasource: { uid: 'prom' }, expr: 'fine_good', range: true, intervalMs: H });

    // Why agreements are not monitored, on hover.
    await userEvent.hover(screen.getByTestId(ids.kpiNotMonitored('all')));
    const reasons = await screen.findByTestId(ids.kpiReasons);
    expect(reasons).toHaveTextContent('SLA-3 — its queries failed');
    expect(reasons).toHaveTextContent('parse error at char 3');
    expect(reasons).toHaveTextContent('OLA-1 — availability: data for 0.0% of the period, 90% needed');
    expect(reasons).toHaveTextContent('UC-GONE — cannot be read from the registry');
  });

  test('a refresh of the same dashboard data is served from the cache; new data evaluates again', async () => {
    const requests = installKpiRegistry();
    const data = panelData([], MARCH, AT);
    const first = renderPanel({ mode: 'kpi' }, data);
    await waitFor(() => expect(screen.getByTestId(ids.kpi)).toHaveAttribute('data-complete', 'true'));
    const count = requests.length;
    first.unmount();
    const second = renderPanel({ mode: 'kpi' }, data);
    expect(screen.getByTestId(ids.kpi)).toHaveAttribute('data-complete', 'true');
    expect(requests.length).toBe(count);
    second.unmount();
    renderPanel({ mode: 'kpi' }, panelData([], MARCH, AT));
    await waitFor(() => expect(screen.getByTestId(ids.kpi)).toHaveAttribute('data-complete', 'true'));
    expect(requests.length).toBe(2 * count);
  });
});
