/**
 * Reads a measured execution's reply off the socket without decoding it. node-postgres' parser
 * turns every reply into message objects (a RowDescription's fields, every DataRow's values as
 * strings) that a measurement drops; at a few hundred requests a second that is most of the client's
 * JavaScript per request. While a measured query is out, this scanner stands in front of the
 * connection's parser: it walks the message headers and skips what the query ignores (BindComplete,
 * RowDescription, DataRow, CommandComplete, NoData, EmptyQueryResponse), tells the client of a
 * ParseComplete and of the ReadyForQuery that ends the reply, exactly as the parser's events would.
 * Anything else (an ErrorResponse, a notice, a parameter change, a notification) goes to
 * node-postgres' own parser from that message on, whole, and the client handles the rest of the
 * reply as it always did. Between measured queries every byte goes straight to the parser.
 */

/** The parts of node-postgres' Connection the scanner needs (internal, stable since pg 8). */
export interface ScannedConnection {
  stream: {
    listeners(event: 'data'): unknown[];
    removeAllListeners(event: 'data'): unknown;
    on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  };
  emit(event: string, message: unknown): boolean;
  /** True when someone listens to every message ('message' event): then the scanner stays out. */
  _emitMessage?: boolean;
}

const PARSE_COMPLETE = 0x31; // '1'
const READY_FOR_QUERY = 0x5a; // 'Z'
/** BindComplete, RowDescription, DataRow, CommandComplete, NoData, EmptyQueryResponse. */
const SKIPPED = new Set([0x32, 0x54, 0x44, 0x43, 0x6e, 0x49]);

const parseComplete = { name: 'parseComplete', length: 4 } as const;
/** The ReadyForQuery messages, one per transaction status (made once, not per reply). */
const readyMessages = new Map(
  ['I', 'T', 'E'].map((status) => [status.charCodeAt(0), { name: 'readyForQuery', length: 5, status }]),
);

const scanners = new WeakMap<object, ReplyScanner>();

export class ReplyScanner {
  /** A measured reply is being read here (otherwise every byte goes to the parser). */
  private armed = false;
  /** Bytes of a header split across chunks (at most 5). */
  private readonly header = Buffer.alloc(5);
  private headerLength = 0;
  /** Bytes of the current message's body still to pass. */
  private skip = 0;
  /** Inside ReadyForQuery: its status byte is next. */
  private ready = false;

  private constructor(
    private readonly connection: ScannedConnection,
    private readonly parser: (chunk: Buffer) => void,
  ) {}

  /**
   * The connection's scanner, put in front of its parser on first use; undefined when the
   * connection is not as expected (then node-postgres reads every reply itself).
   */
  static of(connection: ScannedConnection): ReplyScanner | undefined {
    const existing = scanners.get(connection);
    if (existing) return existing;
    if (connection._emitMessage) return undefined;
    const listeners = connection.stream.listeners('data');
    if (listeners.length !== 1) return undefined;
    const scanner = new ReplyScanner(connection, listeners[0] as (chunk: Buffer) => void);
    connection.stream.removeAllListeners('data');
    connection.stream.on('data', (chunk) => scanner.data(chunk));
    scanners.set(connection, scanner);
    return scanner;
  }

  /**
   * The next reply is a measured query's: read it here until its ReadyForQuery. False (and the
   * parser reads it) when the parser holds part of a message that came between queries.
   */
  arm(): boolean {
    if (this.headerLength > 0 || this.skip > 0 || this.ready) return false;
    this.armed = true;
    return true;
  }

  /**
   * Every chunk is walked header by header, so the scanner always knows where a message starts;
   * what is not read here is passed to the parser after the walk, from the first message it must see.
   */
  private data(chunk: Buffer): void {
    let i = 0;
    /** Where the parser's part of this chunk starts (-1: none), and a split header it gets first. */
    let from = this.armed ? -1 : 0;
    let carried: Buffer | undefined;
    while (i < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n;
        continue;
      }
      if (this.ready) {
        const status = chunk[i++]!;
        this.ready = false;
        this.armed = false;
        this.connection.emit(
          'readyForQuery',
          readyMessages.get(status) ?? {
            name: 'readyForQuery',
            length: 5,
            status: String.fromCharCode(status),
          },
        );
        // Whatever follows (a notice, or nothing) is read in the mode the client left us in.
        if (i < chunk.length) this.data(chunk.subarray(i));
        return;
      }
      const start = i;
      while (this.headerLength < 5 && i < chunk.length) this.header[this.headerLength++] = chunk[i++]!;
      if (this.headerLength < 5) break;
      this.headerLength = 0;
      const type = this.header[0]!;
      const body = this.header.readUInt32BE(1) - 4;
      if (this.armed) {
        if (type === READY_FOR_QUERY && body === 1) {
          this.ready = true;
          continue;
        }
        if (type === PARSE_COMPLETE && body === 0) {
          this.connection.emit('parseComplete', parseComplete);
          continue;
        }
        if (SKIPPED.has(type) && body >= 0) {
          this.skip = body;
          continue;
        }
        // Not ours to skip: the parser gets the reply from this message's first byte on.
        this.armed = false;
        if (i - start < 5) carried = Buffer.from(this.header);
        from = carried ? i : start;
      }
      this.skip = Math.max(0, body);
    }
    if (from < 0) return;
    if (carried) this.parser(Buffer.concat([carried, chunk.subarray(from)]));
    else if (from < chunk.length) this.parser(from === 0 ? chunk : chunk.subarray(from));
  }
}
