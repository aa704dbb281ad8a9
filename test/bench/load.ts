/**
 * Load generation helpers: closed-loop workers for a fixed time, and latency percentiles.
 */

/** Latencies in milliseconds, recorded per request. */
export class Latencies {
  private readonly samples: number[] = [];
  add(ms: number): void {
    this.samples.push(ms);
  }
  get count(): number {
    return this.samples.length;
  }
  /** The q-quantile (0..1) in ms; 0 when empty. */
  quantile(q: number): number {
    if (this.samples.length === 0) return 0;
    const sorted = Float64Array.from(this.samples).sort();
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  }
  max(): number {
    return this.samples.reduce((m, v) => Math.max(m, v), 0);
  }
}

export interface LoadResult {
  /** Completed operations (successes and failures) inside the measured window. */
  ops: number;
  errors: number;
  seconds: number;
  latencies: Latencies;
  /** First error messages seen (at most 5), for the log. */
  errorSamples: string[];
}

/**
 * Runs `workers` closed loops for `warmupMs + durationMs`: each loop awaits `op(worker, i)` then
 * starts the next. Operations started during the warm-up run but are not counted (caches, JIT and
 * connection pools settle, as in any benchmark's warm-up); the figures cover the `durationMs` after
 * it. An operation that throws counts as an error. Operations in flight when the time is up still
 * finish (and are counted); nothing new starts after the deadline.
 */
export async function closedLoop(
  workers: number,
  durationMs: number,
  op: (worker: number, i: number) => Promise<void>,
  options: { warmupMs?: number } = {},
): Promise<LoadResult> {
  const latencies = new Latencies();
  let ops = 0;
  let errors = 0;
  const errorSamples: string[] = [];
  const measureFrom = performance.now() + (options.warmupMs ?? 0);
  const deadline = measureFrom + durationMs;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const t = performance.now();
        let failed: unknown;
        try {
          await op(w, i);
        } catch (error) {
          failed = error ?? 'failed';
        }
        if (t < measureFrom) continue;
        if (failed !== undefined) {
          errors++;
          if (errorSamples.length < 5) errorSamples.push(failed instanceof Error ? failed.message : String(failed));
        }
        latencies.add(performance.now() - t);
        ops++;
      }
    }),
  );
  return { ops, errors, seconds: (performance.now() - measureFrom) / 1000, latencies, errorSamples };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `fn` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}
