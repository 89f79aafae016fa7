import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { withDatabase } from '../../src/db/url.ts';
import { seedDatabase } from '../../src/seed/seed.ts';
import { type AdviseResult, candidateIndexes, hypopgAvailable, quickAdviseFlags } from '../helpers/advise.ts';
import { catalogSnapshot } from '../helpers/catalog.ts';
import { runCli } from '../helpers/cli.ts';
import { adminQuery, adminUrl, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { smallPoolConfig } from '../helpers/run-setup.ts';
import { tempDir } from '../helpers/temp.ts';

let original: TestDatabase;
let copyUrl: string;
let copyName: string;
const config = smallPoolConfig();

before(async () => {
  original = await createTestDatabase('advise_not_owned');
  await seedDatabase(original.url, { scale: 'tiny', seed: 9, withIndexes: true, workers: 0 });
  // A copy (as a restore would make) has another OID: pgready does not own it.
  copyName = `${original.name}_copy`;
  await adminQuery(await adminUrl(), `CREATE DATABASE ${copyName} TEMPLATE ${original.name}`);
  copyUrl = withDatabase(original.url, copyName);
});
after(async () => {
  await adminQuery(await adminUrl(), `DROP DATABASE IF EXISTS ${copyName} WITH (FORCE)`);
  await original?.drop();
});

function oneLine(stderr: string): void {
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack');
  assert.equal(
    stderr
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('pgready: ') && !l.includes('note:')).length,
    1,
    stderr,
  );
}

test('not owned, no HypoPG installed there: exit 2 saying to run advise on a seed or a twin; nothing changes', async () => {
  const before = await catalogSnapshot(copyUrl);
  const dir = tempDir('pgready-advise-no-');
  const r = await runCli(['advise', 'lead-search', '--database-url', copyUrl, ...quickAdviseFlags(config)], {
    cwd: dir,
  });
  assert.equal(r.code, 2, r.stderr);
  assert.match(
    r.stderr,
    /only on a database pgready owns.*restored copy.*Run advise on a seed \(pgready seed\) or a twin/,
  );
  oneLine(r.stderr);
  assert.equal(await catalogSnapshot(copyUrl), before);
});

test('not owned, HypoPG already installed: a planner-only answer, suggested and not measured (exit 0); nothing built', async (t) => {
  if (!(await hypopgAvailable(copyUrl))) {
    t.skip('this server has no HypoPG extension (the embedded PostgreSQL 18 has none)');
    return;
  }
  // Installed by its owner, not by pgready: the only way advise uses HypoPG on a database it does not own.
  await adminQuery(copyUrl, 'CREATE EXTENSION IF NOT EXISTS hypopg');
  const before = await catalogSnapshot(copyUrl);
  const dir = tempDir('pgready-advise-hypo-');
  const out = path.join(dir, 'advise.json');
  const r = await runCli(
    [
      'advise',
      'lead-search',
      'win-back-eligible',
      'monthly-report',
      '--database-url',
      copyUrl,
      '--format',
      'json',
      '-o',
      out,
      ...quickAdviseFlags(config),
    ],
    { cwd: dir },
  );
  assert.equal(r.code, 0, r.stderr);
  const advice = JSON.parse(fs.readFileSync(out, 'utf8')) as AdviseResult;
  assert.equal(advice.mode, 'planner');
  assert.equal(advice.target.owned, false);
  for (const s of advice.scenarios) {
    assert.ok(s.winner.kind === 'suggested' || s.winner.kind === 'none', JSON.stringify(s.winner));
    assert.match(s.winner.reason, /suggested, not measured/);
    assert.ok(s.candidates.length > 0);
    for (const c of s.candidates) {
      assert.ok(c.hypothetical, `${c.name} planned with HypoPG`);
      assert.equal(c.sizeBytes, undefined, 'nothing built');
      assert.equal(c.underLoad, undefined, 'nothing measured');
    }
  }
  // The search's equality + order index is one the planner takes.
  assert.ok(advice.scenarios[0]!.candidates.some((c) => c.hypothetical?.usesCandidate));
  assert.equal(
    fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).length,
    0,
    'no migration for a suggestion',
  );
  assert.equal(await catalogSnapshot(copyUrl), before);
  assert.deepEqual(await candidateIndexes(copyUrl), []);
});

test('bad input: an unknown scenario, a result of another kind, --max-candidates 0 — one line each, exit 2', async () => {
  const dir = tempDir('pgready-advise-bad-');
  const unknown = await runCli(
    ['advise', 'no-such-scenario', '--database-url', copyUrl, ...quickAdviseFlags(config)],
    {
      cwd: dir,
    },
  );
  assert.equal(unknown.code, 2, unknown.stderr);
  assert.match(unknown.stderr, /unknown scenario "no-such-scenario"; known: /);
  oneLine(unknown.stderr);
  const verifyResult = fileURLToPath(new URL('../fixtures/verify-not-ready.json', import.meta.url));
  const other = await runCli(['advise', '--from', verifyResult, '--database-url', copyUrl], { cwd: dir });
  assert.equal(other.code, 2, other.stderr);
  assert.match(other.stderr, /is a verify result; advise --from reads a run result/);
  oneLine(other.stderr);
  // --from a run result: the scenarios that failed there are the ones advised on.
  const runResult = fileURLToPath(new URL('../fixtures/run-not-ready.json', import.meta.url));
  const from = await runCli(
    ['advise', '--from', runResult, '--database-url', copyUrl, ...quickAdviseFlags(config)],
    {
      cwd: dir,
    },
  );
  if (!(await hypopgAvailable(copyUrl)) || from.code === 2) {
    assert.equal(from.code, 2, from.stderr);
    assert.match(from.stderr, /Run advise on a seed/);
  } else {
    assert.equal(from.code, 0, from.stderr);
    for (const name of [
      'lead-dashboard-ranking',
      'win-back-eligible',
      'outbound-history',
      'high-intent-routing',
    ])
      assert.match(from.stdout, new RegExp(`== ${name} `));
    assert.doesNotMatch(from.stdout, /== churn-latest-prediction /, 'it passed there');
  }
  const zero = await runCli(['advise', 'lead-search', '--max-candidates', '0', '--database-url', copyUrl], {
    cwd: dir,
  });
  assert.equal(zero.code, 2, zero.stderr);
  assert.match(zero.stderr, /"0" is not a number of candidates; give a whole number ≥ 1/);
  const write = await runCli(
    ['advise', 'lead-status-update', '--database-url', copyUrl, ...quickAdviseFlags(config)],
    {
      cwd: dir,
    },
  );
  assert.equal(write.code, 2, write.stderr);
  assert.match(write.stderr, /advise finds indexes for reads/);
});
