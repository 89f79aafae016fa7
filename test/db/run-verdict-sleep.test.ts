import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { TestDatabase } from '../helpers/db.ts';
import { quickRunFlags, runSaved } from '../helpers/run-setup.ts';
import { seededTestDatabase } from '../helpers/seeded.ts';
import { tempDir } from '../helpers/temp.ts';

// The end-to-end verdict decided by configuration, never by machine speed: a `pg_sleep` query can
// never be faster than its sleep, so a target below the sleep must fail, and one far above a short
// sleep (Reports: p99 500 ms, a claim of 400 ms for a 2 ms sleep) must hold however busy the host is.
let db: TestDatabase;
const dir = tempDir('pgready-verdict-');
const CLAIM_INDEX = 'idx_leads_sleep_claim';

function scenario(name: string, seconds: number, targets: string): string {
  return `import { defineScenario } from 'pgready';

export default defineScenario({
  name: '${name}',
  description: 'SELECT pg_sleep(${seconds})',
  category: 'Reports',
  ${targets}
  sql: 'SELECT pg_sleep($1)',
  sampleSql: 'SELECT ${seconds} AS seconds',
  params: (sample) => [Number(sample[0]?.seconds)],
  expectedIndexes: [],
  weight: 1,
});
`;
}

before(async () => {
  db = await seededTestDatabase('run_verdict_sleep', { withIndexes: true });
  fs.mkdirSync(path.join(dir, 's'));
  fs.writeFileSync(path.join(dir, 's', 'sleep-short.ts'), scenario('sleep-short', 0.002, ''));
  fs.writeFileSync(
    path.join(dir, 's', 'sleep-over-target.ts'),
    scenario('sleep-over-target', 0.05, 'targets: { p50: 20, p95: 20, p99: 20 },'),
  );
  fs.writeFileSync(
    path.join(dir, 'pgready.config.json'),
    JSON.stringify({
      scenarioDirs: ['./s'],
      pool: { pool_size: 2, max_overflow: 0, pool_timeout: 10, query_timeout: 10 },
      indexes: [
        {
          name: CLAIM_INDEX,
          table: 'leads',
          columns: [{ name: 'created_at' }],
          priority: 'HIGH',
          claim: { carrier: 'sleep-short', afterMs: 400 },
        },
      ],
    }),
  );
});
after(() => db?.drop());

/** One short closed-model run of `name`: 1 user thinking 100 ms, a 1 s warm-up that opens the connection. */
function run(name: string) {
  return runSaved(
    [
      'run',
      name,
      '--database-url',
      db.url,
      ...quickRunFlags({ duration: '2s', vus: 1, thinkTime: '100ms', baseline: 5 }),
      '--warmup',
      '1s',
    ],
    { cwd: dir, timeoutMs: 180_000 },
  );
}

test('targets far above a short pg_sleep: ENTERPRISE READY, exit 0, the claim after holds', async () => {
  const { code, stdout, stderr, result } = await run('sleep-short');
  assert.equal(code, 0, `${stdout}\n${stderr}`);
  assert.equal(result.verdict.ready, true, result.verdict.reasons.join('\n'));
  assert.deepEqual(result.verdict.reasons, []);
  assert.match(stdout, /^Verdict: ENTERPRISE READY — /m);
  assert.doesNotMatch(stdout, /NOT READY/);
  const claim = result.claims?.checks.find((c) => c.index === CLAIM_INDEX);
  assert.equal(claim?.after?.state, 'holds', claim?.sentence);
  assert.match(claim!.sentence, /after holds — [\d.]+ ms alone, [\d.]+ ms p95 under load \(≤ 400 ms\)/);
  assert.ok(
    result.verdict.checks.some((c) => c.name === `claim ${CLAIM_INDEX} after` && c.passed),
    'the claim is one of the verdict checks',
  );
  const measured = result.phases.find((p) => p.name === 'with')?.scenarios[0];
  assert.ok(measured && measured.latency.summary.p50Us >= 2_000, 'no request beat its sleep');
});

test('a target below the pg_sleep: NOT READY, exit 1, naming the scenario and each percentile', async () => {
  const { code, stdout, stderr, result } = await run('sleep-over-target');
  assert.equal(code, 1, `${stdout}\n${stderr}`);
  assert.equal(result.verdict.ready, false);
  for (const p of ['p50', 'p95', 'p99']) {
    const reason = new RegExp(`^sleep-over-target: ${p} [\\d.]+ ms > target 20 ms \\(Reports\\)$`);
    assert.ok(
      result.verdict.reasons.some((r) => reason.test(r)),
      `${p} is a reason: ${result.verdict.reasons.join('; ')}`,
    );
  }
  assert.match(stdout, /^Verdict: NOT READY — \d+ problem\(s\):$/m);
  assert.match(stdout, /^ {2}- sleep-over-target: p50 [\d.]+ ms > target 20 ms \(Reports\)$/m);
  // The claim's carrier was not measured in this run, so it is no check either way.
  assert.ok(!result.verdict.checks.some((c) => c.name === `claim ${CLAIM_INDEX} after`));
});
