import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { seedDatabase } from '../../src/seed/seed.ts';
import { type AdviseResult, candidateIndexes, journal, quickAdviseFlags } from '../helpers/advise.ts';
import { catalogSnapshot } from '../helpers/catalog.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { smallPoolConfig } from '../helpers/run-setup.ts';
import { tempDir } from '../helpers/temp.ts';

let db: TestDatabase;
const config = smallPoolConfig();

before(async () => {
  db = await createTestDatabase('advise_small');
  await seedDatabase(db.url, { scale: 'small', seed: 42, withIndexes: true });
});
after(async () => db?.drop());

test('at small, advise lead-search win-back-eligible monthly-report ends with a measured winner or an honest none, with numbers', async () => {
  const dir = tempDir('pgready-advise-small-');
  const snapshot = await catalogSnapshot(db.url);
  const out = path.join(dir, 'advise.json');
  const started = Date.now();
  const r = await runCli(
    [
      'advise',
      'lead-search',
      'win-back-eligible',
      'monthly-report',
      '--database-url',
      db.url,
      '--format',
      'json',
      '-o',
      out,
      ...quickAdviseFlags(config, { baseline: 20, duration: '2s' }),
    ],
    { cwd: dir, timeoutMs: 900_000 },
  );
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  const advice = JSON.parse(fs.readFileSync(out, 'utf8')) as AdviseResult;
  for (const s of advice.scenarios) {
    const w = s.winner;
    const measured = s.candidates.filter((c) => c.underLoad);
    process.stderr.write(
      `${s.scenario}: ${w.kind} — ${w.reason} (${measured.length} measured of ${s.candidates.length}; ${((Date.now() - started) / 1000).toFixed(0)} s)\n`,
    );
    if (w.kind === 'candidate') {
      const c = s.candidates.find((x) => x.name === w.name)!;
      assert.ok(c.usesCandidate && c.meetsTargets, 'a winner uses its index and meets the targets');
      assert.ok(c.underLoad!.p95Us <= s.targetsMs.p95 * 1000);
      assert.ok((c.sizeBytes ?? 0) > 0);
    } else if (w.kind === 'none') {
      assert.match(w.reason, /no candidate meets the target/);
      if (measured.length) assert.match(w.reason, /p95 [\d.]+ ms under load/);
    } else assert.equal(w.kind, 'keep');
  }
  assert.equal(r.code, advice.scenarios.every((s) => s.winner.kind !== 'none') ? 0 : 1);
  assert.equal(await catalogSnapshot(db.url), snapshot);
  assert.deepEqual(await candidateIndexes(db.url), []);
  assert.deepEqual(await journal(db.url), []);
});
