/**
 * The demo API's request handler: routes, parameter checks, one query per request through the app
 * pool, JSON answers with `Server-Timing`. A database error answers 500 with its SQLSTATE; nothing
 * it sends carries a stack trace or a password.
 */
import type http from 'node:http';
import type pg from 'pg';
import type { Protocol } from '../load/load-options.ts';
import { errorCode, samplePool } from '../load/pool.ts';
import { buildQuery, statementNameFor } from '../load/protocol.ts';
import type { SampleRow, ScenarioDefinition } from '../scenarios/define.ts';
import { maskSecretsInText } from '../util/mask.ts';
import { seededRandom } from '../util/prng.ts';
import { formatServerTiming } from './timing.ts';

/** A scenario the API serves: its definition, how many `$n` it takes, and a sample for default params. */
export interface ServedScenario {
  definition: ScenarioDefinition;
  paramCount: number;
  sample: SampleRow[];
}

export interface AppOptions {
  pool: pg.Pool;
  scenarios: ServedScenario[];
  protocol: Protocol;
  seed: number;
}

type Scalar = string | number | boolean | null;

class BadRequest extends Error {}

/** invalid_text_representation, numeric_value_out_of_range, invalid_datetime_format. */
const BAD_INPUT_SQLSTATES = new Set(['22P02', '22003', '22007', '22008']);

/** Builds the handler; `inFlight` lets the server wait for running requests on close. */
export function createApp(options: AppOptions): {
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  inFlight: () => number;
} {
  const byName = new Map(options.scenarios.map((s) => [s.definition.name, s]));
  const randoms = new Map<string, () => number>();
  let inFlight = 0;

  const send = (res: http.ServerResponse, status: number, body: unknown, timing?: string) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      ...(timing ? { 'server-timing': timing } : {}),
    });
    res.end(text);
  };

  const paramsFor = (scenario: ServedScenario, raw: string | null): unknown[] => {
    if (raw === null) {
      // No parameters given: draw them as the load generator does, from the scenario's sample.
      const name = scenario.definition.name;
      let random = randoms.get(name);
      if (!random) {
        random = seededRandom(options.seed, name, 'serve');
        randoms.set(name, random);
      }
      return scenario.definition.params(scenario.sample, random);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new BadRequest('params must be a JSON array, e.g. ?params=[42,"outbound"]');
    }
    if (!Array.isArray(parsed)) throw new BadRequest('params must be a JSON array, e.g. ?params=[42]');
    if (parsed.length !== scenario.paramCount) {
      throw new BadRequest(
        `${scenario.definition.name} takes ${scenario.paramCount} parameter(s), ${parsed.length} given`,
      );
    }
    const bad = parsed.findIndex(
      (v: unknown) => v !== null && !['string', 'number', 'boolean'].includes(typeof v),
    );
    if (bad >= 0) throw new BadRequest(`parameter ${bad + 1} must be a string, number, boolean or null`);
    return parsed as Scalar[];
  };

  const runScenario = async (
    scenario: ServedScenario,
    url: URL,
    res: http.ServerResponse,
    arrived: number,
  ) => {
    let params: unknown[];
    try {
      params = paramsFor(scenario, url.searchParams.get('params'));
    } catch (error) {
      if (error instanceof BadRequest) return send(res, 400, { error: error.message });
      return send(res, 500, { error: 'the scenario could not make parameters', code: 'PARAMS_ERROR' });
    }
    let acquired = arrived;
    let queried = arrived;
    let done = arrived;
    try {
      const client = await options.pool.connect();
      acquired = performance.now();
      let broken: Error | undefined;
      try {
        const query = buildQuery(
          options.protocol,
          statementNameFor(scenario.definition.name),
          scenario.definition.sql,
          params,
        );
        queried = performance.now();
        const result = await client.query(query);
        done = performance.now();
        const timing = formatServerTiming({
          poolMs: acquired - arrived,
          dbMs: done - queried,
          totalMs: performance.now() - arrived,
        });
        send(
          res,
          200,
          { scenario: scenario.definition.name, rowCount: result.rowCount, rows: result.rows },
          timing,
        );
      } catch (error) {
        done = performance.now();
        if (typeof (error as { code?: unknown }).code !== 'string') broken = error as Error;
        throw error;
      } finally {
        client.release(broken);
      }
    } catch (error) {
      const code = errorCode(error);
      const end = performance.now();
      const timing = formatServerTiming({
        poolMs: (acquired === arrived ? end : acquired) - arrived,
        dbMs: acquired === arrived ? 0 : (done === arrived ? end : done) - queried,
        totalMs: end - arrived,
      });
      const message = maskSecretsInText((error as Error)?.message ?? String(error)).split('\n')[0];
      // A parameter the server cannot read as its type is the caller's mistake, not the database's.
      const badInput = url.searchParams.has('params') && BAD_INPUT_SQLSTATES.has(code);
      send(
        res,
        badInput ? 400 : 500,
        { error: badInput ? 'bad parameters' : 'database error', code, message },
        timing,
      );
    }
  };

  const route = async (req: http.IncomingMessage, res: http.ServerResponse, arrived: number) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, { error: `${req.method} is not served; use GET` });
    }
    if (url.pathname === '/health') {
      return send(res, 200, { status: 'ok', pool: samplePool(options.pool), inFlight: inFlight - 1 });
    }
    if (url.pathname === '/scenarios' || url.pathname === '/') {
      return send(res, 200, {
        scenarios: options.scenarios.map((s) => ({
          name: s.definition.name,
          category: s.definition.category,
          description: s.definition.description,
          params: s.paramCount,
          path: `/scenarios/${s.definition.name}`,
        })),
      });
    }
    const match = /^\/scenarios\/([^/]+)$/.exec(url.pathname);
    if (!match) return send(res, 404, { error: `no route ${url.pathname}; try /scenarios or /health` });
    const name = decodeURIComponent(match[1]!);
    const scenario = byName.get(name);
    if (!scenario) {
      return send(res, 400, {
        error: `unknown scenario "${name.slice(0, 80)}"; known: ${[...byName.keys()].join(', ')}`,
      });
    }
    return runScenario(scenario, url, res, arrived);
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const arrived = performance.now();
    inFlight++;
    res.on('close', () => inFlight--);
    route(req, res, arrived).catch(() => {
      if (!res.headersSent) send(res, 500, { error: 'internal error', code: 'INTERNAL' });
      else res.destroy();
    });
  };
  return { handle, inFlight: () => inFlight };
}
