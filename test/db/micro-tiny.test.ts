import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { MicroResult } from '../../src/results/micro.ts';
import { catalogSnapshot } from '../helpers/catalog.ts';
import { runCli } from '../helpers/cli.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { smallPoolConfig } from '../helpers/run-setup.ts';
import { seededTestDatabase } from '../helpers/seeded.ts';
import { tempDir } from '../helpers/temp.ts';

let db: TestDatabase;
const config = smallPoolConfig();
const dir = tempDir('pgready-micro-');
before(async () => {
  db = await seededTestDatabase('micro', { withIndexes: true });
});
after(async () => {
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('micro without → with on tiny: the index scenarios are faster with, per protocol, and the indexes are left as they were', async () => {
  const before = await catalogSnapshot(db.url, { byDefinition: true });
  const out = path.join(dir, 'micro.json');
  const scenarios = ['outbound-history', 'churn-latest-page', 'churn-risk-analytics'];
  const r = await runCli(
    [
      'micro',
      ...scenarios,
      '--database-url',
      db.url,
      '--config',
      config,
      '--protocol',
      'extended,prepared',
      '--duration',
      '400ms',
      '--warmup',
      '100ms',
      '--no-progress',
      '--reports-dir',
      dir,
      '-o',
      out,
    ],
    { timeoutMs: 180_000 },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /pgready micro — floor only, not judged under load/);
  assert.doesNotMatch(r.stdout, /NOT READY/);
  assert.match(r.stdout, /mean ± rme/);
  const result = JSON.parse(fs.readFileSync(out, 'utf8')) as MicroResult;
  assert.equal(result.kind, 'micro');
  assert.deepEqual(
    result.phases.map((p) => [p.name, p.method]),
    [
      ['without', 'dropped'],
      ['with', 'present'],
    ],
  );
  for (const name of scenarios) {
    for (const protocol of ['extended', 'prepared'] as const) {
      // The fastest execution of each phase: a seq scan's floor stays above an index lookup's however
      // busy the machine is, where the p50s of two 400 ms windows taken one after the other may not.
      const fastest = (phase: string) =>
        result.phases
          .find((p) => p.name === phase)!
          .scenarios.find((s) => s.scenario === name)!
          .measurements.find((m) => m.protocol === protocol)!.latency.summary.minUs;
      assert.ok(
        fastest('with') < fastest('without'),
        `${name} ${protocol}: fastest with ${fastest('with')} µs < fastest without ${fastest('without')} µs`,
      );
    }
  }
  const m = result.phases[1]!.scenarios[0]!.measurements[0]!;
  assert.ok(m.samples > 1 && m.latency.summary.count === m.samples && m.opsPerSec > 0 && m.rmePercent >= 0);
  assert.equal(await catalogSnapshot(db.url, { byDefinition: true }), before, 'indexes as they were');
  const rendered = await runCli(['report', out, '--format', 'markdown']);
  assert.equal(rendered.code, 0, rendered.stderr);
  assert.match(rendered.stdout, /floor only, not judged under load/);
});
