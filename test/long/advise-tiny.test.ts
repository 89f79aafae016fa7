import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { seedDatabase } from '../../src/seed/seed.ts';
import {
  type AdviseResult,
  candidateIndexes,
  hypopgAvailable,
  journal,
  quickAdviseFlags,
  spawnAdvise,
  waitFor,
} from '../helpers/advise.ts';
import { catalogSnapshot } from '../helpers/catalog.ts';
import { runCli } from '../helpers/cli.ts';
import { adminQuery, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { smallPoolConfig } from '../helpers/run-setup.ts';
import { tempDir } from '../helpers/temp.ts';

let db: TestDatabase;
const config = smallPoolConfig();

before(async () => {
  db = await createTestDatabase('advise_tiny');
  await seedDatabase(db.url, { scale: 'tiny', seed: 42, withIndexes: true, workers: 0 });
});
after(async () => db?.drop());

test('on tiny the loop builds, measures and drops each candidate, leaving the index set exactly as found', async () => {
  const dir = tempDir('pgready-advise-');
  const snapshot = await catalogSnapshot(db.url);
  const out = path.join(dir, 'advise.json');
  const result = await runCli(
    [
      'advise',
      'lead-search',
      'win-back-eligible',
      'monthly-report',
      '--database-url',
      db.url,
      '--max-candidates',
      '2',
      '--format',
      'json',
      '-o',
      out,
      '--migration',
      path.join(dir, 'winners.sql'),
      '--fix-script',
      path.join(dir, 'fix.sql'),
      ...quickAdviseFlags(config),
    ],
    { cwd: dir, timeoutMs: 240_000 },
  );
  assert.ok(result.code === 0 || result.code === 1, `exit ${result.code}: ${result.stderr}`);
  const advice = JSON.parse(fs.readFileSync(out, 'utf8')) as AdviseResult;
  assert.equal(advice.mode, 'measured');
  assert.deepEqual(
    advice.scenarios.map((s) => s.scenario),
    ['lead-search', 'win-back-eligible', 'monthly-report'],
  );
  let measured = 0;
  for (const s of advice.scenarios) {
    assert.ok(s.candidates.length >= 1 && s.candidates.length <= 2, `${s.scenario}: ${s.candidates.length}`);
    assert.ok(s.current?.underLoad && s.current.underLoad.p95Us > 0, `${s.scenario} measured as it is`);
    for (const c of s.candidates) {
      assert.match(c.ddl, /^CREATE INDEX CONCURRENTLY pgready_adv_/);
      assert.ok(c.rule.length > 0);
      if (c.pruned) continue;
      measured++;
      assert.ok((c.sizeBytes ?? 0) > 0, `${c.name} has a size`);
      assert.ok((c.buildMs ?? -1) >= 0, `${c.name} has a build time`);
      assert.ok((c.plan ?? []).length > 0, `${c.name} has a plan`);
      assert.equal(typeof c.usesCandidate, 'boolean');
      assert.ok((c.alone?.p50Us ?? 0) > 0 && (c.underLoad?.p95Us ?? 0) > 0, `${c.name} measured`);
      assert.equal(typeof c.meetsTargets, 'boolean');
    }
    assert.ok(['candidate', 'keep', 'none'].includes(s.winner.kind), JSON.stringify(s.winner));
    if (s.winner.kind === 'none') assert.match(s.winner.reason, /no candidate meets the target/);
  }
  assert.ok(measured >= 1, 'at least one candidate was built and measured');
  assert.equal(result.code, advice.scenarios.every((s) => s.winner.kind !== 'none') ? 0 : 1);
  if (advice.scenarios.some((s) => s.winner.kind === 'candidate')) {
    const migration = fs.readFileSync(path.join(dir, 'winners.sql'), 'utf8');
    assert.match(
      migration,
      /-- pgready: priority (CRITICAL|HIGH)\n.*\nCREATE INDEX CONCURRENTLY IF NOT EXISTS idx_/,
    );
    const fix = fs.readFileSync(path.join(dir, 'fix.sql'), 'utf8');
    assert.match(fix, /suggested, measured/);
    assert.match(fix, /SET lock_timeout/);
    assert.match(fix, /NOT \(indisvalid AND indisready\)/);
  }
  if (await hypopgAvailable(db.url)) {
    assert.match(advice.pruning, /^HypoPG/);
    const ext = await new pg.Client({ connectionString: db.url });
    await ext.connect();
    const left = await ext.query("SELECT 1 FROM pg_extension WHERE extname = 'hypopg'");
    await ext.end();
    assert.equal(left.rowCount, 0, 'the extension advise created is dropped again');
  } else assert.match(advice.pruning, /^no pruning/);
  assert.equal(await catalogSnapshot(db.url), snapshot);
  assert.deepEqual(await candidateIndexes(db.url), []);
  assert.deepEqual(await journal(db.url), []);
});

/** A session with an old snapshot: a concurrent build waits for it (and a concurrent drop too). */
async function holdSnapshot(): Promise<pg.Client> {
  const holder = new pg.Client({ connectionString: db.url });
  await holder.connect();
  await holder.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
  await holder.query('SELECT count(*) FROM leads');
  return holder;
}

async function startSlowBuild(dir: string) {
  const holder = await holdSnapshot();
  const run = spawnAdvise(
    [
      'lead-search',
      '--database-url',
      db.url,
      '--max-candidates',
      '1',
      '--lock-timeout',
      '300ms',
      '--lock-wait',
      '120s',
      ...quickAdviseFlags(config, { baseline: 1 }),
    ],
    dir,
  );
  // The build is under way: its entry is journaled and its (still INVALID) index exists.
  await waitFor(`an INVALID candidate index (${run.stderr()})`, async () => {
    const found = await candidateIndexes(db.url);
    return found.some((i) => !i.valid);
  });
  assert.ok(
    (await journal(db.url)).some((e) => e.kind === 'created'),
    'journaled as created',
  );
  return { run, holder };
}

test('Ctrl-C mid-build cancels the build, drops its leftover and exits 130', async () => {
  const snapshot = await catalogSnapshot(db.url);
  const { run, holder } = await startSlowBuild(tempDir('pgready-advise-int-'));
  run.child.kill('SIGINT');
  // The drop waits for the same old snapshot: end it, as the lock-wait message tells a person to.
  await new Promise((r) => setTimeout(r, 1000));
  await holder.query('COMMIT');
  await holder.end();
  assert.equal(await run.exited, 130, run.stderr());
  assert.deepEqual(await candidateIndexes(db.url), []);
  assert.deepEqual(await journal(db.url), []);
  assert.equal(await catalogSnapshot(db.url), snapshot);
});

test('after SIGKILL mid-build the next command drops the journaled candidate', async () => {
  const snapshot = await catalogSnapshot(db.url);
  const { run, holder } = await startSlowBuild(tempDir('pgready-advise-kill-'));
  run.child.kill('SIGKILL');
  await run.exited;
  await holder.query('COMMIT');
  await holder.end();
  assert.ok((await candidateIndexes(db.url)).length > 0, 'SIGKILL cannot clean up');
  const next = await runCli(['run', '--database-url', db.url, '--config', config, '--dry-run']);
  assert.equal(next.code, 0, next.stderr);
  assert.match(next.stderr, /dropped candidate indexes an interrupted advise had built: .*pgready_adv_/);
  assert.deepEqual(await candidateIndexes(db.url), []);
  assert.deepEqual(await journal(db.url), []);
  assert.equal(await catalogSnapshot(db.url), snapshot);
});

test('--writes: each candidate carries the write scenarios p95 without and with it', async () => {
  const dir = tempDir('pgready-advise-writes-');
  const out = path.join(dir, 'advise.json');
  const r = await runCli(
    [
      'advise',
      'monthly-report',
      '--writes',
      '--database-url',
      db.url,
      '--max-candidates',
      '1',
      '--format',
      'json',
      '-o',
      out,
      ...quickAdviseFlags(config),
    ],
    { cwd: dir, timeoutMs: 120_000 },
  );
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  const advice = JSON.parse(fs.readFileSync(out, 'utf8')) as AdviseResult;
  assert.deepEqual(
    advice.scenarios.map((s) => s.scenario),
    ['monthly-report'],
    'write scenarios are measured beside, never advised on',
  );
  const measured = advice.scenarios[0]!.candidates.filter((c) => !c.pruned);
  for (const c of measured) {
    assert.deepEqual(c.writes?.map((w) => w.scenario).sort(), [
      'communication-log-insert',
      'lead-status-update',
    ]);
    for (const w of c.writes ?? []) assert.ok(w.withoutP95Us > 0 && w.withP95Us > 0, JSON.stringify(w));
  }
  assert.deepEqual(await candidateIndexes(db.url), []);
});

test('on a twin, an index of the source (recorded by seed --like) is never proposed', async () => {
  const dir = tempDir('pgready-advise-twin-');
  const out = path.join(dir, 'advise.json');
  const source = ['CREATE INDEX src_search ON public.leads USING btree (status, city, score DESC)'];
  await adminQuery(db.url, `UPDATE pgready_meta SET extra = jsonb_set(extra, '{twin}', $1::jsonb)`, [
    JSON.stringify({ sourceIndexes: source }),
  ]);
  try {
    const r = await runCli(
      [
        'advise',
        'lead-search',
        '--database-url',
        db.url,
        '--max-candidates',
        '1',
        '--format',
        'json',
        '-o',
        out,
        ...quickAdviseFlags(config, { baseline: 1 }),
      ],
      { cwd: dir, timeoutMs: 120_000 },
    );
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    const s = (JSON.parse(fs.readFileSync(out, 'utf8')) as AdviseResult).scenarios[0]!;
    assert.ok(
      s.skipped.some(
        (k) =>
          /ON leads \(status, city, score DESC\)$/.test(k.ddl) &&
          /source database as src_search/.test(k.reason),
      ),
      JSON.stringify(s.skipped),
    );
    assert.ok(s.candidates.every((c) => !/ON leads \(status, city, score DESC\)$/.test(c.ddl)));
  } finally {
    await adminQuery(db.url, `UPDATE pgready_meta SET extra = extra - 'like'`);
  }
});
