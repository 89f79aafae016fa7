import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { catalogSnapshot } from '../helpers/catalog.ts';
import { runCli } from '../helpers/cli.ts';
import { adminQuery, type TestDatabase } from '../helpers/db.ts';
import { seededTestDatabase } from '../helpers/seeded.ts';
import { tempDir } from '../helpers/temp.ts';
import { SPEED_REASON } from '../helpers/verdict.ts';

// `pgready checklist --stage day --run` at the tiny scale, on a database pgready does not own:
// every item of the stage gets a state and its command; the benchmark is the `with` phase only.
let db: TestDatabase;
let cwd: string;
before(async () => {
  db = await seededTestDatabase('checklist_run', { withIndexes: true });
  await adminQuery(db.url, 'DROP TABLE pgready_meta'); // now a database pgready did not seed
  cwd = tempDir('pgready-checklist-');
  fs.writeFileSync(
    path.join(cwd, 'pgready.config.json'),
    JSON.stringify({ pool: { pool_size: 2, max_overflow: 3 } }),
  );
});
after(() => db?.drop());

test('checklist --stage day --run checks each item, never drops an index, and prints a markdown page', async () => {
  const before = await catalogSnapshot(db.url);
  const run = await runCli(
    [
      'checklist',
      'lead-detail',
      '--stage',
      'day',
      '--run',
      '--duration',
      '2s',
      '--rate',
      '10',
      '--format',
      'markdown',
      '--reports-dir',
      path.join(cwd, 'reports'),
      '--database-url',
      db.url,
    ],
    // Generous kill timer: a busy machine may take minutes; this is no timing assertion.
    { cwd, timeoutMs: 900_000 },
  );
  assert.ok(run.code === 0 || run.code === 1, run.stdout + run.stderr);
  // The headline is the exit code: READY with no failed item, else the count of the FAIL items.
  const failed = run.stdout.match(/^- \[ \] \*\*.+\*\* — FAIL: /gm) ?? [];
  assert.doesNotMatch(run.stdout, /\*\* — ERROR: /, 'every item could be checked');
  if (run.code === 0) {
    assert.match(run.stdout, /^# Demo readiness — READY: every check passed/m);
    assert.equal(failed.length, 0);
  } else {
    const count = /^# Demo readiness — NOT READY: (\d+) checks? failed$/m.exec(run.stdout);
    assert.equal(Number(count?.[1]), failed.length, run.stdout);
  }
  assert.match(run.stdout, /does not own this database .*"with" phase only, nothing is dropped/);
  assert.match(
    run.stdout,
    /^- \[x\] \*\*Re-verify all indexes present\*\* — PASS: 5 of 5 catalogue indexes present and valid/m,
  );
  assert.match(run.stdout, /^- \[x\] \*\*Run benchmark queries\*\* — PASS: with on 1 scenario\(s\)/m);
  // The latency item fails only for speed: each of its reasons is a percentile, a saturation or a claim.
  const latency =
    /\*\*Confirm <50ms P95 latency\*\* — (PASS|FAIL): worst p95 .*judged against each category's targets: (.*) \(`/.exec(
      run.stdout,
    );
  assert.ok(latency, run.stdout);
  if (latency[1] === 'PASS') assert.equal(latency[2], 'all met');
  else for (const reason of latency[2]!.split('; ')) assert.match(reason, SPEED_REASON);
  assert.match(run.stdout, /\*\*Warm up query cache\*\* — (PASS|FAIL): (NOT )?READY FOR DEMO/);
  assert.match(run.stderr, /checklist: pgready run lead-detail --phases with /);
  assert.doesNotMatch(run.stdout, /Week Before|Day of Demo/, 'only the day stage ran');
  assert.equal(await catalogSnapshot(db.url), before, 'nothing was dropped or built');
});

test('checklist without --run lists every item with the command that checks it', async () => {
  const run = await runCli(['checklist'], { cwd });
  assert.equal(run.code, 0, run.stderr);
  for (const item of [
    'Run full performance verification',
    'Warm up query cache',
    'Monitor query performance during demo',
  ]) {
    assert.match(run.stdout, new RegExp(`\\[ \\] ${item}\\s+pgready `));
  }
});
