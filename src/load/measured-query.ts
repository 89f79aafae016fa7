/**
 * One timed execution, sent on a pool client as node-postgres' own `Query` would send it (the same
 * messages: Parse once per connection for `prepared`, then Bind, Describe portal, Execute, Sync in
 * one buffer and one write (wire.ts), as libpq does for pgbench `-M prepared`), but without what a measurement does not
 * need: no Result object, no type parsers looked up per query, no row objects, no promise wrapper
 * inside the driver. The reply is skipped on the socket by header (reply-scanner.ts), never decoded. A "submittable" (the interface pg-cursor uses), so the
 * client's own queueing, prepared-statement bookkeeping and error handling stay node-postgres'.
 * How an execution ends is its subclass's (`finish`): a promise here (`runMeasured`), the load
 * transport's own per-request state there (pg-transport.ts), so no closure is made per request.
 */
import pg from 'pg';
import type { Protocol } from './load-options.ts';
import { inlineParams } from './protocol.ts';
import { ReplyScanner, type ScannedConnection } from './reply-scanner.ts';
import { executionBytes } from './wire.ts';

const prepareValue = (pg as unknown as { utils: { prepareValue(v: unknown): unknown } }).utils.prepareValue;

/** The parts of node-postgres' Connection a submittable writes to (internal, stable since pg 8). */
interface Connection extends ScannedConnection {
  stream: ScannedConnection['stream'] & {
    writable?: boolean;
    write(chunk: Buffer): boolean;
    cork?: () => void;
    uncork?: () => void;
  };
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
  query(text: string): void;
  parse(message: { text: string; name?: string }): void;
  sync(): void;
  sendCopyFail(message: string): void;
}

/** When the query was written and when the server's answer was handled (ms on `now`'s clock). */
export interface QueryStamps {
  sentMs: number;
  answeredMs: number;
}

export abstract class MeasuredQuery {
  /** Read by the client: a named statement is recorded as parsed on ParseComplete. */
  readonly name: string | undefined;
  readonly text: string;
  private finished = false;

  constructor(
    private readonly protocol: Protocol,
    statementName: string,
    sql: string,
    private readonly values: readonly unknown[],
    private readonly stamps?: QueryStamps,
    private readonly now?: () => number,
  ) {
    this.name = protocol === 'prepared' ? statementName : undefined;
    // No values and no name: a simple Query message, parameters inlined as literals.
    this.text = protocol === 'simple' && values.length > 0 ? inlineParams(sql, values) : sql;
  }

  submit(connection: Connection): null {
    // The reply is skipped on the socket, not decoded (reply-scanner.ts); the client still sees
    // its ParseComplete and ReadyForQuery, and any error, as from its own parser.
    ReplyScanner.of(connection)?.arm();
    if (this.protocol === 'simple') {
      connection.query(this.text);
      this.stamp('sentMs');
      return null;
    }
    const { name } = this;
    const parsed =
      name !== undefined &&
      (connection.parsedStatements[name] !== undefined ||
        connection.submittedNamedStatements[name] !== undefined);
    let bytes: Buffer;
    try {
      bytes = executionBytes(name ?? '', this.values, prepareValue);
    } catch (error) {
      // A value that cannot be serialised: nothing was sent; a Sync brings the server's
      // ReadyForQuery so the connection's queue moves on, and this request alone fails.
      connection.sync();
      this.handleError(error as Error);
      return null;
    }
    if (parsed) {
      // Bind, Describe, Execute, Sync in one write (node-postgres would make four).
      if (connection.stream.writable !== false) connection.stream.write(bytes);
    } else {
      // Parse first (every time for an unnamed statement), gathered with the rest into one write.
      connection.stream.cork?.();
      connection.parse({ text: this.text, ...(name ? { name } : {}) });
      if (name) connection.submittedNamedStatements[name] = this.text;
      if (connection.stream.writable !== false) connection.stream.write(bytes);
      connection.stream.uncork?.();
    }
    this.stamp('sentMs');
    return null;
  }

  private stamp(field: keyof QueryStamps): void {
    if (this.stamps && this.now) this.stamps[field] = this.now();
  }

  handleRowDescription(): void {}

  handleDataRow(): void {}

  handleCommandComplete(): void {}

  handleEmptyQuery(): void {}

  handlePortalSuspended(): void {}

  handleCopyInResponse(connection: Connection): void {
    connection.sendCopyFail('No source stream defined');
  }

  handleCopyData(): void {}

  handleError(error: Error): void {
    if (this.finished) return;
    this.finished = true;
    this.stamp('answeredMs');
    this.finish(error);
  }

  handleReadyForQuery(): void {
    if (this.finished) return;
    this.finished = true;
    this.stamp('answeredMs');
    this.finish(undefined);
  }

  /** Called once: when the server is ready again (undefined), or with the error that ended it. */
  protected abstract finish(error: Error | undefined): void;
}

const noop = () => {};

/** An execution whose end settles a promise. */
class PromisedQuery extends MeasuredQuery {
  resolve: () => void = noop;
  reject: (error: Error) => void = noop;

  protected finish(error: Error | undefined): void {
    if (error) this.reject(error);
    else this.resolve();
  }
}

/**
 * Runs one execution on `client`; resolves when the server is ready again, rejects on its error.
 * With `stamps` and `now`, notes when the query was written and when its answer was handled.
 */
export function runMeasured(
  client: pg.ClientBase,
  protocol: Protocol,
  statementName: string,
  sql: string,
  values: readonly unknown[],
  stamps?: QueryStamps,
  now?: () => number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const query = new PromisedQuery(protocol, statementName, sql, values, stamps, now);
    query.resolve = resolve;
    query.reject = reject;
    client.query(query as unknown as pg.QueryConfig);
  });
}
