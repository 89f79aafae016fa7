/**
 * `run --driver http` as a load driver: starts the demo API in-process (one server per app
 * instance, each with its production pool and the phase's session settings) or checks the one at
 * `--http-url`, and runs the phase on the load engine (load/run-load.ts) with the HTTP transport
 * (transport.ts): the same schedulers, clock, recorder, pacing, segments and drain as the pg driver,
 * only the requests go to the API. Returns the pg driver's LoadOutcome shape.
 */
import { peakLevel, type ResolvedLoadOptions } from '../load/load-options.ts';
import { type LoadDriver, type LoadOutcome, type RunLoadOptions, runLoad } from '../load/run-load.ts';
import type { HttpTransportSpec } from '../load/transport.ts';
import type { PoolSample } from '../results/types.ts';
import { servedFromPlan } from '../serve/scenarios.ts';
import { type ServeHandle, startServe } from '../serve/server.ts';
import { UserError } from '../util/errors.ts';

export interface HttpDriverOptions {
  /** A demo API already running (`pgready serve`); default: one started in-process per phase. */
  httpUrl?: string;
}

export function httpDriver(options: HttpDriverOptions = {}): LoadDriver {
  return { name: 'http', run: (load) => runHttpLoad(load, options) };
}

export async function runHttpLoad(o: RunLoadOptions, http: HttpDriverOptions): Promise<LoadOutcome[]> {
  const servers: ServeHandle[] = [];
  try {
    let urls: string[];
    if (http.httpUrl) {
      if (o.sessionSettings && Object.keys(o.sessionSettings).length > 0) {
        throw new UserError(
          '--http-url cannot apply the planner settings of --without planner to a server pgready did not start; leave out --http-url (pgready starts the API itself) or use --phases with',
        );
      }
      urls = [await checkHealth(http.httpUrl)];
    } else {
      const scenarios = await servedFromPlan(o.scenarios);
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
    const transportFor = (instanceIndex: number): HttpTransportSpec => ({
      kind: 'http',
      url: urls[instanceIndex % urls.length]!,
      connections: connectionsFor(o.load, instanceIndex),
    });
    return await runLoad({
      ...o,
      transportFor,
      // The in-process servers' pools are the app's pools; an external server's are not known here.
      ...(servers.length > 0 ? { poolSample: () => sumPools(servers) } : {}),
    });
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
}

function sumPools(servers: ServeHandle[]): PoolSample {
  return servers.reduce(
    (t, s) => {
      const p = s.pool();
      return { total: t.total + p.total, idle: t.idle + p.idle, waiting: t.waiting + p.waiting };
    },
    { total: 0, idle: 0, waiting: 0 },
  );
}

/**
 * HTTP connections of one app instance: its share of --vus (the most requests in flight at once in
 * the open model; one per virtual user in the closed model, at the stages' peak), at least one.
 */
export function connectionsFor(load: ResolvedLoadOptions, instanceIndex: number): number {
  const total = Math.round(load.model === 'closed' ? peakLevel(load, load.vus) : load.vus);
  return Math.max(1, Math.ceil((total - instanceIndex) / load.instances));
}

async function checkHealth(url: string): Promise<string> {
  const base = url.replace(/\/+$/, '');
  try {
    const response = await fetch(`${base}/health`, { signal: AbortSignal.timeout(5_000) });
    await response.body?.cancel();
    if (response.ok) return base;
    throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    throw new UserError(
      `--http-url ${base}: no pgready serve answers at ${base}/health (${(error as Error).message}); start one with pgready serve --listen HOST:PORT`,
    );
  }
}
