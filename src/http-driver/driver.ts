/**
 * `run --driver http` as a load driver: checks the load model fits autocannon, starts the demo API
 * in-process (one server per app instance, each with its production pool and the phase's session
 * settings) or checks the one at `--http-url`, runs each segment through autocannon, and closes the
 * servers. Returns the pg driver's LoadOutcome shape, so phases, verdict and reports are unchanged.
 */
import type { LoadOptions, ResolvedLoadOptions } from '../load/load-options.ts';
import type { LoadDriver, LoadOutcome, RunLoadOptions } from '../load/run-load.ts';
import { initHistograms } from '../results/histogram.ts';
import type { PoolSample } from '../results/types.ts';
import { servedFromPlan } from '../serve/scenarios.ts';
import { type ServeHandle, startServe } from '../serve/server.ts';
import { UserError } from '../util/errors.ts';
import { runHttpSegment } from './segment.ts';

export interface HttpDriverOptions {
  /** A demo API already running (`pgready serve`); default: one started in-process per phase. */
  httpUrl?: string;
}

/** What the user gave, for the checks autocannon's model needs. */
export interface HttpLoadFlags {
  rate?: number;
  vus?: number;
  thinkTime?: number;
  stages?: string;
  arrival?: string;
}

/**
 * Refuses what autocannon cannot honour, in one message; returns the load options to use (closed
 * model: no think time). Throws UserError.
 */
export function httpLoadOptions(flags: HttpLoadFlags, base: LoadOptions): LoadOptions {
  const refused: string[] = [];
  if (flags.thinkTime !== undefined) refused.push('--think-time (autocannon connections send back to back)');
  if (flags.stages !== undefined) refused.push('--stages (autocannon runs one level)');
  if (flags.arrival === 'poisson') refused.push('--arrival poisson (arrivals are on a constant schedule)');
  if (refused.length > 0) {
    throw new UserError(`--driver http cannot honour ${refused.join(', ')}; drop them, or use --driver pg`);
  }
  if (flags.rate === undefined && flags.vus === undefined) {
    throw new UserError(
      '--driver http needs the load stated: --rate N (open model: N requests/s on a schedule, over --vus connections, default 100) or --vus N (closed model: N connections back to back, no think time)',
    );
  }
  return flags.rate === undefined
    ? { ...base, model: 'closed', thinkTimeMs: 0 }
    : { ...base, arrival: 'constant' };
}

export function httpDriver(options: HttpDriverOptions = {}): LoadDriver {
  return { name: 'http', run: (load) => runHttpLoad(load, options) };
}

/** Client timeout: the longest a request can legitimately take (pool wait + statement) and a margin. */
function timeoutMs(o: RunLoadOptions): number {
  return o.pool.acquireTimeoutMs + o.pool.statementTimeoutMs + 5_000;
}

export async function runHttpLoad(o: RunLoadOptions, http: HttpDriverOptions): Promise<LoadOutcome[]> {
  await initHistograms();
  const scenarios = await servedFromPlan(o.scenarios);
  const servers: ServeHandle[] = [];
  let urls: string[];
  try {
    if (http.httpUrl) {
      if (o.sessionSettings && Object.keys(o.sessionSettings).length > 0) {
        throw new UserError(
          '--http-url cannot apply the planner settings of --without planner to a server pgready did not start; leave out --http-url (pgready starts the API itself) or use --phases with',
        );
      }
      urls = [await checkHealth(http.httpUrl)];
    } else {
      for (let i = 0; i < o.load.instances; i++) {
        servers.push(
          await startServe({
            databaseUrl: o.url,
            pool: o.pool,
            ...(o.sessionSettings ? { sessionSettings: o.sessionSettings } : {}),
            scenarios,
            protocol: o.load.protocol,
            seed: o.load.seed,
            host: '127.0.0.1',
            port: 0,
          }),
        );
      }
      urls = servers.map((s) => s.url);
    }
    const poolSample = (): PoolSample =>
      servers.reduce(
        (t, s) => {
          const p = s.pool();
          return { total: t.total + p.total, idle: t.idle + p.idle, waiting: t.waiting + p.waiting };
        },
        { total: 0, idle: 0, waiting: 0 },
      );
    const segments = o.mixed ? [scenarios.map((_, i) => i)] : scenarios.map((_, i) => [i]);
    const outcomes: LoadOutcome[] = [];
    for (const indexes of segments) {
      if (o.signal?.aborted) break;
      outcomes.push(
        ...(await runHttpSegment({
          urls,
          scenarios,
          indexes,
          load: o.load,
          connections: connectionsFor(o.load),
          timeoutMs: timeoutMs(o),
          phase: o.phase,
          poolSample,
          ...(o.events ? { events: o.events } : {}),
          ...(o.signal ? { signal: o.signal } : {}),
        })),
      );
    }
    return outcomes;
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
}

/** HTTP connections: --vus (open model: the most requests in flight at once). */
export function connectionsFor(load: ResolvedLoadOptions): number {
  return load.vus;
}

async function checkHealth(url: string): Promise<string> {
  const base = url.replace(/\/+$/, '');
  try {
    const response = await fetch(`${base}/health`, { signal: AbortSignal.timeout(5_000) });
    if (response.ok) return base;
    throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    throw new UserError(
      `--http-url ${base}: no pgready serve answers at ${base}/health (${(error as Error).message}); start one with pgready serve --listen HOST:PORT`,
    );
  }
}
