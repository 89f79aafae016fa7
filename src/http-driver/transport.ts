/**
 * The HTTP driver's transport: each request a GET /scenarios/NAME?params=[…] on one of --vus
 * keep-alive connections to the demo API (node:http's Agent, which queues a request until a
 * connection is free). The server's pool wait and database time come back in `Server-Timing`.
 * The load engine (schedulers, clock, recorder, segments) is the pg driver's; only this differs.
 */
import http from 'node:http';
import pg from 'pg';
import { type Attempt, type HttpTransportSpec, raisePeak, type Transport } from '../load/transport.ts';
import type { PoolSample } from '../results/types.ts';
import type { ScenarioDefinition } from '../scenarios/define.ts';
import { parseServerTiming } from '../serve/timing.ts';

const prepareValue = (pg as unknown as { utils: { prepareValue(v: unknown): unknown } }).utils.prepareValue;

/** A value as JSON the API accepts: numbers and booleans as they are, the rest as node-postgres sends it. */
export function wireValue(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  const prepared = prepareValue(value);
  return prepared === null ? null : String(prepared);
}

/** Error codes of an HTTP answer: the SQLSTATE a 5xx carries, else HTTP_nnn. */
function statusCode(status: number, body: string): string | undefined {
  if (status === 200) return undefined;
  if (status >= 500) {
    try {
      return String((JSON.parse(body) as { code?: string }).code ?? `HTTP_${status}`);
    } catch {
      return `HTTP_${status}`;
    }
  }
  return `HTTP_${status}`;
}

export class HttpTransport implements Transport {
  private readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;
  private readonly paths: string[];
  private inFlight = 0;

  constructor(
    private readonly spec: HttpTransportSpec,
    definitions: ScenarioDefinition[],
    private readonly now: () => number,
  ) {
    const url = new URL(spec.url);
    this.host = url.hostname;
    this.port = Number(url.port || 80);
    const base = url.pathname.replace(/\/+$/, '');
    this.paths = definitions.map((d) => `${base}/scenarios/${encodeURIComponent(d.name)}?params=`);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections, scheduling: 'fifo' });
  }

  send(index: number, params: readonly unknown[], attempt: Attempt): Promise<string | undefined> {
    const path = this.paths[index]! + encodeURIComponent(JSON.stringify(params.map(wireValue)));
    // Every connection busy: the request waits in the agent, and that wait is the client's lag.
    attempt.queued = this.inFlight >= this.spec.connections;
    const server: { poolUs?: number; dbUs?: number } = {};
    attempt.server = server;
    this.inFlight++;
    return new Promise((resolve) => {
      let settled = false;
      const settle = (code: string | undefined) => {
        if (settled) return;
        settled = true;
        this.inFlight--;
        attempt.answeredMs = this.now();
        attempt.abort = undefined;
        resolve(code);
      };
      const req = http.request(
        { agent: this.agent, host: this.host, port: this.port, path, method: 'GET' },
        (res) => {
          const status = res.statusCode ?? 0;
          const timing = parseServerTiming(res.headers['server-timing']);
          if (timing.poolMs !== undefined) server.poolUs = timing.poolMs * 1000;
          if (timing.dbMs !== undefined && timing.dbMs > 0) server.dbUs = timing.dbMs * 1000;
          if (status === 200) {
            res.on('end', () => settle(undefined));
            res.resume();
            return;
          }
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            if (body.length < 4096) body += chunk;
          });
          res.on('end', () => settle(statusCode(status, body)));
        },
      );
      req.on('socket', () => {
        if (attempt.queued) attempt.startedMs = this.now();
        attempt.sentMs = this.now();
      });
      req.on('error', (error: NodeJS.ErrnoException) =>
        settle(
          settled ? undefined : error.code === 'ECONNREFUSED' ? 'CONNECTION_REFUSED' : 'CONNECTION_LOST',
        ),
      );
      attempt.abort = () => req.destroy();
      req.end();
    });
  }

  /** The client's connections: open, free, and requests waiting for one. */
  sample(): PoolSample {
    const count = (sockets: NodeJS.ReadOnlyDict<unknown[]>) =>
      Object.values(sockets).reduce((t, list) => t + (list?.length ?? 0), 0);
    const free = count(this.agent.freeSockets);
    return { total: count(this.agent.sockets) + free, idle: free, waiting: count(this.agent.requests) };
  }

  notePeak(peak: PoolSample): void {
    const now = this.sample();
    raisePeak(peak, now.total, now.idle, now.waiting);
  }

  async probe(): Promise<void> {
    const base = this.spec.url.replace(/\/+$/, '');
    const response = await fetch(`${base}/health`, { signal: AbortSignal.timeout(10_000) });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`${base}/health answered HTTP ${response.status}`);
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }
}
