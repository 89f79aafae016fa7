import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CopyWriter } from '../../seed/generators/binary.ts';
import { type EncodedPools, encodePools } from '../../seed/generators/encoded-pools.ts';
import { generateChunk, type SeedTable } from '../../seed/generators/index.ts';
import { buildPools } from '../../seed/generators/pools.ts';
import type { GenerationParams } from '../../seed/generators/shape.ts';
import { findScale } from '../../seed/scales.ts';
import { exitCodeFor } from '../../src/cli/exit.ts';
import { planSeed } from '../../src/seed/plan.ts';
import { defaultWorkers, isLocalServer, resolveSeedOptions } from '../../src/seed/resolve.ts';
import { UserError } from '../../src/util/errors.ts';

/** One chunk's COPY binary rows (the writer's buffer, detached). */
function chunkBytes(
  table: SeedTable,
  params: GenerationParams,
  task: { chunk: number; firstId: number },
  pools: EncodedPools,
  out = new CopyWriter(64),
): Uint8Array {
  generateChunk(table, params, task.chunk, task.firstId, pools, out);
  return out.detach();
}

/** Walks COPY binary rows: each row's fields as byte arrays (null for NULL). */
function decodeRows(bytes: Uint8Array): (Uint8Array | null)[][] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rows: (Uint8Array | null)[][] = [];
  let p = 0;
  while (p < bytes.length) {
    const fields = view.getInt16(p);
    p += 2;
    const row: (Uint8Array | null)[] = [];
    for (let f = 0; f < fields; f++) {
      const n = view.getInt32(p);
      p += 4;
      row.push(n < 0 ? null : bytes.subarray(p, p + n));
      if (n > 0) p += n;
    }
    rows.push(row);
  }
  assert.equal(p, bytes.length, 'rows end exactly at the end of the chunk');
  return rows;
}

function int8(field: Uint8Array | null): number {
  return Number(new DataView(field!.buffer, field!.byteOffset, 8).getBigInt64(0));
}

test('a chunk is the same bytes whatever generated it before (per-chunk PRNG)', () => {
  const params = { seed: 11, leads: 12_000, commsPerLead: 6.5 };
  const plan = planSeed(params);
  const task = plan.tasks.communication_logs[2]!;
  const fresh = chunkBytes('communication_logs', params, task, encodePools(buildPools(11)));
  const pools = encodePools(buildPools(11));
  // Written into a recycled buffer that still holds other rows, the chunk is the same bytes.
  const out = new CopyWriter(64);
  for (const t of plan.tasks.leads)
    out.adopt(chunkBytes('leads', params, t, pools, out).buffer as ArrayBuffer);
  const after = chunkBytes('communication_logs', params, task, pools, out);
  assert.deepEqual(after, fresh);
  const rows = decodeRows(fresh);
  assert.equal(rows.length, task.rows, 'the plan knows each chunk’s row count');
  assert.ok(rows.every((r) => r.length === 12));
  assert.equal(int8(rows[0]![0]!), task.firstId, 'ids continue from the previous chunk');
  assert.equal(int8(rows.at(-1)![0]!), task.firstId + task.rows - 1);
  const other = chunkBytes('communication_logs', { ...params, seed: 12 }, task, encodePools(buildPools(12)));
  assert.notDeepEqual(other, fresh, 'another seed gives other data');
});

test('the enterprise scale meets the requirement’s volumes', () => {
  const enterprise = findScale('enterprise')!;
  const plan = planSeed({ seed: 42, leads: enterprise.leads, commsPerLead: enterprise.commsPerLead });
  assert.equal(plan.rowsTotal.leads, 1_000_000);
  assert.ok(plan.rowsTotal.churn_predictions > 2_700_000 && plan.rowsTotal.churn_predictions < 3_300_000);
  assert.ok(plan.rowsTotal.churn_events > 400_000 && plan.rowsTotal.churn_events < 550_000);
  assert.ok(plan.rowsTotal.communication_logs >= 6_000_000, `${plan.rowsTotal.communication_logs} logs`);
});

test('COPY binary values: big-endian lengths and PostgreSQL’s send forms', () => {
  const out = new CopyWriter(8);
  out.row(7);
  out.int8(2 ** 40 + 5);
  out.timestamptz(946_684_800 + 1.9); // 2000-01-01 00:00:01 UTC: whole seconds from PostgreSQL's epoch
  out.timestamptz(0); // before that epoch: negative
  out.float4(0.1234);
  out.null();
  out.text(new TextEncoder().encode('Zoë\t'));
  out.int2(-3);
  const bytes = out.detach();
  const [row] = decodeRows(bytes);
  assert.equal(row!.length, 7);
  assert.equal(int8(row![0]!), 2 ** 40 + 5);
  assert.equal(int8(row![1]!), 1_000_000);
  assert.equal(int8(row![2]!), -946_684_800 * 1_000_000);
  assert.equal(new DataView(row![3]!.buffer, row![3]!.byteOffset, 4).getFloat32(0), Math.fround(0.1234));
  assert.equal(row![4], null);
  assert.equal(new TextDecoder().decode(row![5]!), 'Zoë\t', 'text is raw UTF-8: binary COPY escapes nothing');
  assert.equal(new DataView(row![6]!.buffer, row![6]!.byteOffset, 2).getInt16(0), -3);
  const parts = new CopyWriter(4);
  const start = parts.begin();
  parts.digits(42);
  parts.byte(0x2d);
  parts.digits(7, 4);
  parts.digits(0);
  parts.end(start);
  const assembled = parts.detach();
  assert.equal(new TextDecoder().decode(assembled.subarray(4)), '42-00070');
  assert.equal(new DataView(assembled.buffer).getInt32(0), 8);
});

test('seed options: unknown scale lists the scales; every problem at once', () => {
  assert.throws(
    () => resolveSeedOptions({ scale: 'huge', leads: -3 }),
    (e: unknown) =>
      e instanceof UserError &&
      exitCodeFor(e) === 2 &&
      /unknown scale "huge".*tiny.*small.*demo.*enterprise.*xl/.test(e.message) &&
      /--leads -3/.test(e.message),
  );
  assert.equal(resolveSeedOptions({ scale: 'demo' }).leads, 100_000);
  assert.equal(resolveSeedOptions({ scale: 'demo', leads: 5 }).scale, 'custom');
});

test('generator threads default to the cores the server leaves: half when it runs here, all otherwise', () => {
  assert.equal(defaultWorkers(2, true), 1);
  assert.equal(defaultWorkers(1, true), 1);
  assert.equal(defaultWorkers(8, true), 4);
  assert.equal(defaultWorkers(2, false), 2);
  assert.equal(defaultWorkers(32, false), 8);
  assert.equal(isLocalServer('postgresql://u:p@127.0.0.1:5488/db'), true);
  assert.equal(isLocalServer('postgresql://u@localhost/db'), true);
  assert.equal(isLocalServer('postgresql://u@[::1]:5432/db'), true);
  assert.equal(isLocalServer('postgresql://u@db.example.com/db'), false);
  assert.equal(
    resolveSeedOptions({ workers: 3 }, { localServer: true }).workers,
    3,
    'an explicit count wins',
  );
});
