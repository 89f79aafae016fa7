/**
 * The `Server-Timing` header the demo API sends and the HTTP driver reads back: pool wait, database
 * time and the server's total, in milliseconds with microsecond resolution (W3C Server Timing).
 */

export interface ServerTimes {
  /** Waiting for a pool connection, ms. */
  poolMs: number;
  /** From sending the query to its result, ms. */
  dbMs: number;
  /** From the request's arrival to the response, ms. */
  totalMs: number;
}

export function formatServerTiming(t: ServerTimes): string {
  const f = (ms: number) => ms.toFixed(3);
  return `pool;dur=${f(t.poolMs)};desc="pool wait", db;dur=${f(t.dbMs)};desc="database", total;dur=${f(t.totalMs)}`;
}

/** Parses the three metrics back (missing ones are undefined). */
export function parseServerTiming(header: string | string[] | undefined): Partial<ServerTimes> {
  const out: Partial<ServerTimes> = {};
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  for (const part of text.split(',')) {
    const [name, ...params] = part.trim().split(';');
    const dur = params.map((p) => /^\s*dur=([0-9.]+)\s*$/.exec(p)).find(Boolean);
    if (!dur) continue;
    const ms = Number(dur[1]);
    if (name === 'pool') out.poolMs = ms;
    else if (name === 'db') out.dbMs = ms;
    else if (name === 'total') out.totalMs = ms;
  }
  return out;
}
