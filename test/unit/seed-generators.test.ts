import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyEscape, timestamp } from '../../seed/generators/format.ts';
import { generateChunk } from '../../seed/generators/index.ts';
import { buildPools } from '../../seed/generators/pools.ts';
import { findScale } from '../../seed/scales.ts';
import { exitCodeFor } from '../../src/cli/exit.ts';
import { planSeed } from '../../src/seed/plan.ts';
import { resolveSeedOptions } from '../../src/seed/resolve.ts';
import { UserError } from '../../src/util/errors.ts';

test('a chunk is the same text whatever generated it before (per-chunk PRNG)', () => {
  const params = { seed: 11, leads: 12_000, commsPerLead: 6.5 };
  const plan = planSeed(params);
  const task = plan.tasks.communication_logs[2]!;
  const fresh = generateChunk('communication_logs', params, task.chunk, task.firstId, buildPools(11));
  const pools = buildPools(11);
  for (const t of plan.tasks.leads) generateChunk('leads', params, t.chunk, t.firstId, pools);
  const after = generateChunk('communication_logs', params, task.chunk, task.firstId, pools);
  assert.equal(after, fresh);
  assert.equal(fresh.split('\n').length - 1, task.rows, 'the plan knows each chunk’s row count');
  assert.equal(Number(fresh.split('\t')[0]), task.firstId, 'ids continue from the previous chunk');
  const other = generateChunk(
    'communication_logs',
    { ...params, seed: 12 },
    task.chunk,
    task.firstId,
    buildPools(12),
  );
  assert.notEqual(other, fresh, 'another seed gives other data');
});

test('the enterprise scale meets the requirement’s volumes', () => {
  const enterprise = findScale('enterprise')!;
  const plan = planSeed({ seed: 42, leads: enterprise.leads, commsPerLead: enterprise.commsPerLead });
  assert.equal(plan.rowsTotal.leads, 1_000_000);
  assert.ok(plan.rowsTotal.churn_predictions > 2_700_000 && plan.rowsTotal.churn_predictions < 3_300_000);
  assert.ok(plan.rowsTotal.churn_events > 400_000 && plan.rowsTotal.churn_events < 550_000);
  assert.ok(plan.rowsTotal.communication_logs >= 6_000_000, `${plan.rowsTotal.communication_logs} logs`);
});

test('COPY text escaping and timestamps', () => {
  assert.equal(copyEscape('a\tb\nc\\d\re'), 'a\\tb\\nc\\\\d\\re');
  for (const s of [0, 1_700_000_000, 1_767_225_599, 1_767_225_600]) {
    assert.equal(timestamp(s), `${new Date(s * 1000).toISOString().slice(0, 19).replace('T', ' ')}+00`);
  }
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
