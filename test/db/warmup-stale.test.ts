import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { WarmupResult } from '../../src/results/warmup.ts';
import { runCli } from '../helpers/cli.ts';
import { adminQuery, type TestDatabase } from '../helpers/db.ts';
import { seededTestDatabase } from '../helpers/seeded.ts';

// A bulk update after the last ANALYZE makes the statistics stale: warmup reports it with the
// ANALYZE to run and says NOT READY FOR DEMO, but never analyses by itself.
let db: TestDatabase;
before(async () => {
  db = await seededTestDatabase('warmup_stale', { withIndexes: true });
  // Autovacuum must not analyse behind the test's back.
  await adminQuery(db.url, 'ALTER TABLE leads SET (autovacuum_enabled = off)');
  await adminQuery(db.url, 'UPDATE leads SET score = score');
});
after(() => db?.drop());

test('stale statistics after a bulk update are a finding with the ANALYZE to run', async () => {
  const run = await runCli(
    [
      'warmup',
      'lead-detail',
      '--database-url',
      db.url,
      '--window',
      '1s',
      '--max-time',
      '3s',
      '--format',
      'json',
    ],
    { timeoutMs: 600_000 },
  );
  assert.equal(run.code, 1, run.stderr);
  const result = JSON.parse(run.stdout) as WarmupResult;
  const leads = result.freshness.find((t) => t.table === 'leads');
  assert.ok(leads?.stale, JSON.stringify(result.freshness));
  assert.equal(leads.analyze, 'ANALYZE public.leads;');
  assert.ok(
    result.verdict.reasons.some((r) => /leads: statistics stale .* run ANALYZE public\.leads;/.test(r)),
    result.verdict.reasons.join('\n'),
  );
  const fresh = result.freshness.find((t) => t.table === 'communication_logs');
  assert.equal(fresh?.stale, false, 'a table not updated stays fresh');
  const { rows } = await adminQuery(
    db.url,
    "SELECT n_mod_since_analyze::int AS n FROM pg_stat_user_tables WHERE relname = 'leads'",
  );
  assert.ok(rows[0].n > 0, 'warmup did not analyse by itself');
});
