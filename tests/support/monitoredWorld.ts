/**
 * The world of the end-to-end browser tests of monitoring and reviews: the breach scene's real
 * Prometheus (tests/support/breachScene.ts), the Grafana stand-in over it holding the service
 * account token, a real engine monitoring every second through the stand-in, the thin app host
 * with its proxy routes forwarded to the engine, Chromium, and the scene's agreements made active
 * through the engine's API. `stop` closes whatever started, also after a failed start.
 */
import type { Browser } from 'playwright-core';
import { TestHost, startHost } from '../host/server';
import { launchChromium } from './browser';
import { AGREEMENTS, DATASOURCE, activateSceneAgreements, engineCaller, startScenePrometheus, type SceneAgreement, type ScenePrometheus } from './breachScene';
import { RunningEngine, startEngine } from './engine';
import { GrafanaStandIn } from './grafanaStandIn';

export interface MonitoredWorld {
  scene: ScenePrometheus;
  standIn: GrafanaStandIn;
  engine: RunningEngine;
  host: TestHost;
  browser: Browser;
  /** The engine's API as a Grafana user (see engineCaller). */
  call: ReturnType<typeof engineCaller>;
  stop(): Promise<void>;
}

export interface WorldOptions {
  /** The service account token the stand-in accepts and the engine sends. */
  token: string;
  agreements?: SceneAgreement[];
  /** Grafana APIs the stand-in serves besides /api/ds/query (annotations, alerting, dashboards …). */
  installApis?: (standIn: GrafanaStandIn) => void;
  /** More set-up to run while the world starts (e.g. bundling a host view). */
  alongside?: Array<Promise<unknown>>;
}

export { waitFor } from './waitFor';

export async function startMonitoredWorld(opts: WorldOptions): Promise<MonitoredWorld> {
  const world: Partial<MonitoredWorld> = {};
  const stop = async () => {
    await world.browser?.close();
    await world.host?.close();
    await world.engine?.stop();
    await world.standIn?.stop();
    await world.scene?.stop();
  };
  try {
    world.scene = await startScenePrometheus();
    world.standIn = await new GrafanaStandIn({ datasources: { [DATASOURCE]: world.scene.prometheus.url }, tokens: [opts.token] }).start();
    opts.installApis?.(world.standIn);
    world.engine = await startEngine({ SLM_GRAFANA_URL: world.standIn.url, SLM_GRAFANA_TOKEN: opts.token, SLM_MONITOR_INTERVAL: '1s' });
    world.call = engineCaller(world.engine);
    const engine = world.engine;
    // each result kept as it comes, so that `stop` closes whatever started when another part fails
    const started = await Promise.allSettled([
      startHost({
        settings: { jsonData: { engineUrl: engine.url }, secureJsonData: { engineSecret: engine.secret } },
        datasources: { [DATASOURCE]: world.scene.prometheus.url },
      }).then((h) => (world.host = h)),
      launchChromium().then((b) => (world.browser = b)),
      activateSceneAgreements(engine, opts.agreements ?? AGREEMENTS),
      ...(opts.alongside ?? []),
    ]);
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) {
      throw failed.reason;
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { ...(world as MonitoredWorld), stop };
}

/** The newest breach the engine recorded for an agreement, if any. */
export async function breachOf(call: MonitoredWorld['call'], agreement: string) {
  return (await call('GET', `/breaches?agreement=${agreement}&limit=5`)).items[0];
}
