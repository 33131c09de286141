import { startTransition, useEffect, useState } from 'react';
import type { Mapped } from './mapping';
import { DEFAULT_MODEL_OPTIONS, modelSteps, resolvePanelPeriod, type ModelOptions, type PanelModel, type TimeWindow } from './model';
import type { PeriodChoice } from './types';

export interface ModelJob {
  mapped: Mapped;
  period: PeriodChoice;
  /** The dashboard's time range (the custom period). */
  range: TimeWindow;
  opts?: ModelOptions;
}

/** Gives the browser the main thread back between two targets (timers, input, paint). */
export function yieldToBrowser(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The model computed step by step (model.ts: each step a few ms), yielding between steps, so a
 * panel never holds the page for long. Returns null when `cancelled()` turned true meanwhile
 * (newer data arrived).
 */
export async function computeModelChunked(job: ModelJob, cancelled: () => boolean): Promise<PanelModel | null> {
  // Evaluated as of when the computation runs: the current period ends now.
  const resolved = resolvePanelPeriod(job.mapped.agreement, job.period, Date.now(), job.range);
  const { steps, result } = modelSteps(job.mapped, resolved, job.opts ?? DEFAULT_MODEL_OPTIONS);
  for (const step of steps) {
    await yieldToBrowser();
    if (cancelled()) {
      return null;
    }
    step();
  }
  return result();
}

export interface ModelState {
  model: PanelModel | null;
  /** A newer job is being computed; `model` is the previous one meanwhile. */
  computing: boolean;
  error?: Error;
}

/** Runs each new job off the render path; the last finished model stays on screen meanwhile. */
export function useChunkedModel(job: ModelJob | null): ModelState {
  const [done, setDone] = useState<{ job: ModelJob; model: PanelModel | null; error?: Error } | null>(null);
  useEffect(() => {
    if (!job) {
      return;
    }
    let cancelled = false;
    computeModelChunked(job, () => cancelled).then(
      (model) => {
        if (!cancelled && model) {
          startTransition(() => setDone({ job, model }));
        }
      },
      (error: Error) => {
        if (!cancelled) {
          setDone({ job, model: null, error });
        }
      }
    );
    return () => {
      cancelled = true;
    };
  }, [job]);
  if (!job) {
    return { model: null, computing: false };
  }
  return { model: done?.model ?? null, computing: done?.job !== job, error: done?.job === job ? done.error : undefined };
}
