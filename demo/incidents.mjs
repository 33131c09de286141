// The scripted incidents of the demo service, as a pure function of time so that Prometheus,
// Loki and the SLA panels all tell the same story and tests can check it.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Normal behaviour of each demo service. */
export const SERVICES = {
  mail: { rps: 20, errorRate: 0.001, latencyMs: 80 },
  portal: { rps: 8, errorRate: 0.002, latencyMs: 150 },
};

/**
 * Incidents, each repeating every `every` ms starting `offset` into the cycle, lasting `duration`.
 * mail: a 5 % error burst of 6 minutes every hour and a latency spike of 15 minutes every 6 hours.
 * portal: a full outage of 20 minutes every day at 02:30 UTC.
 */
export const INCIDENTS = [
  { service: 'mail', kind: 'errors', every: HOUR, offset: 17 * MINUTE, duration: 6 * MINUTE, errorRate: 0.05 },
  { service: 'mail', kind: 'latency', every: 6 * HOUR, offset: 4 * HOUR + 10 * MINUTE, duration: 15 * MINUTE, latencyMs: 650 },
  { service: 'portal', kind: 'outage', every: 24 * HOUR, offset: 2.5 * HOUR, duration: 20 * MINUTE, errorRate: 1 },
];

export function activeIncidents(service, timeMs) {
  return INCIDENTS.filter((i) => {
    if (i.service !== service) {
      return false;
    }
    const intoCycle = (((timeMs - i.offset) % i.every) + i.every) % i.every;
    return intoCycle < i.duration;
  });
}

/** Error rate and mean latency of a service at a point in time. */
export function behaviourAt(service, timeMs) {
  const base = SERVICES[service];
  let { errorRate, latencyMs } = base;
  for (const incident of activeIncidents(service, timeMs)) {
    errorRate = Math.max(errorRate, incident.errorRate ?? 0);
    latencyMs = Math.max(latencyMs, incident.latencyMs ?? 0);
  }
  return { rps: base.rps, errorRate, latencyMs };
}
