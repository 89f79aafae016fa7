import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { COPY_BINARY_HEADER, COPY_BINARY_TRAILER } from '../../seed/generators/binary.ts';
import type { SeedTable } from '../../seed/generators/index.ts';
import { connect } from '../db/connect.ts';
import type { GeneratorPool } from './generator-pool.ts';
import type { SeedTask } from './plan.ts';

/**
 * Size of one CopyData message. The backend buffers a whole message before parsing it, so one
 * multi-megabyte message per chunk would serialise transfer and parsing; 64 KiB keeps them overlapped.
 */
const COPY_MESSAGE_BYTES = 64 * 1024;

/** Queues the bytes as CopyData messages (zero-copy views); false when the caller should await 'drain'. */
function writeInMessages(stream: NodeJS.WritableStream, bytes: Uint8Array): boolean {
  let ok = true;
  for (let offset = 0; offset < bytes.length; offset += COPY_MESSAGE_BYTES) {
    ok = stream.write(bytes.subarray(offset, offset + COPY_MESSAGE_BYTES));
  }
  return ok;
}

export interface LoadTableOptions<
  Table extends string = SeedTable,
  Task extends { rows: number } = SeedTask,
> {
  url: string;
  table: Table;
  createSql: string;
  /** The COPY statement (default: every column of `table`, binary, FREEZE). */
  copySql?: string;
  tasks: Task[];
  pool: Pick<GeneratorPool, 'release'> & { generate(task: Task): Promise<Uint8Array> };
  /** Chunks requested ahead of the one being written (keeps every generator busy). */
  aheadChunks: number;
  onRows: (table: Table, rows: number) => void;
  /** Called with the loader's backend pid, so an interrupt can cancel it. */
  onBackend?: (pid: number) => void;
}

/**
 * Creates one table and fills it with COPY … (FORMAT binary, FREEZE) in the same transaction: with
 * wal_level=minimal the rows skip WAL, and frozen rows need no hint-bit rewrite by the VACUUM that
 * follows (what `pgbench -i` does too); binary rows spare the server all text parsing. Chunks are
 * written in chunk order, so the heap's physical order is the same whatever the worker count.
 */
export async function loadTable<Table extends string, Task extends { rows: number }>(
  options: LoadTableOptions<Table, Task>,
): Promise<{ durationMs: number }> {
  const started = performance.now();
  const client = await connect(options.url);
  try {
    const pid = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    options.onBackend?.(pid.rows[0]!.pid);
    await client.query('BEGIN');
    await client.query(options.createSql);
    const stream = client.query(
      copyFrom(options.copySql ?? `COPY ${options.table} FROM STDIN WITH (FORMAT binary, FREEZE)`),
    );
    const streamDone = finished(stream);
    // Surface a COPY error while we are still awaiting chunks (finished() rejects on 'error').
    streamDone.catch(() => {});
    const pending: Promise<Uint8Array>[] = [];
    let next = 0;
    const fill = () => {
      while (next < options.tasks.length && pending.length < options.aheadChunks) {
        const p = options.pool.generate(options.tasks[next++]!);
        p.catch(() => {});
        pending.push(p);
      }
    };
    fill();
    // Buffers handed to the stream go back to the pool once the socket has nothing left to send:
    // only then has the kernel taken every byte of them.
    const socket = client.connection.stream;
    const sending: Uint8Array[] = [];
    const releaseSent = () => {
      if (stream.writableLength > 0 || socket.writableLength > 0) return;
      for (const bytes of sending) options.pool.release(bytes);
      sending.length = 0;
    };
    stream.write(COPY_BINARY_HEADER);
    for (const task of options.tasks) {
      const bytes = await Promise.race([pending.shift()!, streamDone.then(() => new Uint8Array())]);
      fill();
      if (bytes.length > 0) {
        sending.push(bytes);
        if (!writeInMessages(stream, bytes)) await once(stream, 'drain');
      }
      releaseSent();
      options.onRows(options.table, task.rows);
    }
    stream.end(COPY_BINARY_TRAILER);
    await streamDone;
    await client.query('COMMIT');
  } finally {
    await client.end().catch(() => {});
  }
  return { durationMs: performance.now() - started };
}
