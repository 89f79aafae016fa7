import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { ReplyScanner } from '../../src/load/reply-scanner.ts';

/** One backend message: type, Int32 length (itself included), body. */
const message = (type: string, body: Buffer | string = Buffer.alloc(0)) => {
  const b = typeof body === 'string' ? Buffer.from(body) : body;
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeUInt32BE(b.length + 4, 1);
  return Buffer.concat([head, b]);
};
const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => message('D', `\0\x01\0\0\0\x03${String(i).padStart(3, '0')}`));
const reply = (middle: Buffer[]) =>
  Buffer.concat([
    message('1'),
    message('2'),
    message('T', 'fields…'),
    ...middle,
    message('C', 'SELECT 3\0'),
    message('Z', 'I'),
  ]);
const errorAndReady = Buffer.concat([
  message('E', 'SERROR\0C22012\0Mdivision by zero\0\0'),
  message('Z', 'I'),
]);

/** A stand-in for node-postgres' Connection: a stream with the parser's one 'data' listener. */
function connection() {
  const stream = new EventEmitter();
  const parsed: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => parsed.push(Buffer.from(chunk)));
  const events: { name: string; status?: string }[] = [];
  const conn = Object.assign(new EventEmitter(), { stream });
  conn.emit = (name: string | symbol, m?: unknown) => {
    events.push({ name: String(name), ...((m as { status?: string }) ?? {}) });
    return true;
  };
  return { conn, stream, parsed: () => Buffer.concat(parsed), events };
}

/** Feeds `bytes` in the chunks cut at `cuts`. */
const feed = (stream: EventEmitter, bytes: Buffer, cuts: number[]) => {
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    if (cut > at) stream.emit('data', bytes.subarray(at, cut));
    at = Math.max(at, cut);
  }
};

test('a measured reply is skipped at every chunk boundary: one ParseComplete, one ReadyForQuery, nothing decoded', () => {
  const bytes = reply(rows(3));
  for (let a = 0; a <= bytes.length; a++) {
    for (const b of [a, a + 1, a + 7]) {
      const { conn, stream, parsed, events } = connection();
      const scanner = ReplyScanner.of(conn)!;
      assert.equal(scanner.arm(), true);
      feed(stream, bytes, [a, Math.min(b, bytes.length)]);
      assert.deepEqual(
        events.map((e) => e.name),
        ['parseComplete', 'readyForQuery'],
        `cut at ${a}/${b}`,
      );
      assert.equal(events[1]!.status, 'I');
      assert.equal(parsed().length, 0, `cut at ${a}/${b}`);
    }
  }
});

test('an error hands the reply to the parser from the ErrorResponse first byte on, wherever the chunks split', () => {
  const bytes = Buffer.concat([message('2'), errorAndReady]);
  for (let a = 0; a <= bytes.length; a++) {
    for (let b = a; b <= bytes.length; b += 3) {
      const { conn, stream, parsed, events } = connection();
      ReplyScanner.of(conn)!.arm();
      feed(stream, bytes, [a, b]);
      assert.deepEqual(events, [], `cut at ${a}/${b}`);
      assert.deepEqual(parsed(), errorAndReady, `cut at ${a}/${b}`);
    }
  }
});

test('unarmed, every byte goes to the parser as it came; a notice after ReadyForQuery goes there too', () => {
  const { conn, stream, parsed, events } = connection();
  const scanner = ReplyScanner.of(conn)!;
  const notice = message('N', 'SNOTICE\0Mhello\0\0');
  feed(stream, Buffer.concat([notice, notice]), [3, 20]);
  assert.deepEqual(parsed(), Buffer.concat([notice, notice]));
  assert.equal(scanner.arm(), true);
  feed(stream, Buffer.concat([reply(rows(1)), notice]), []);
  assert.deepEqual(
    events.map((e) => e.name),
    ['parseComplete', 'readyForQuery'],
  );
  assert.deepEqual(parsed(), Buffer.concat([notice, notice, notice]));
});

test('arming is refused while the parser holds part of a message that came between queries', () => {
  const { conn, stream } = connection();
  const scanner = ReplyScanner.of(conn)!;
  const notice = message('N', 'SNOTICE\0Mhello\0\0');
  stream.emit('data', notice.subarray(0, 3));
  assert.equal(scanner.arm(), false);
  stream.emit('data', notice.subarray(3, 9));
  assert.equal(scanner.arm(), false);
  stream.emit('data', notice.subarray(9));
  assert.equal(scanner.arm(), true);
});

test('a connection with a listener on every message, or a stream it does not know, is left to node-postgres', () => {
  const { conn } = connection();
  assert.equal(ReplyScanner.of(Object.assign(conn, { _emitMessage: true })), undefined);
  const other = connection();
  other.stream.on('data', () => {});
  assert.equal(ReplyScanner.of(other.conn), undefined);
});
