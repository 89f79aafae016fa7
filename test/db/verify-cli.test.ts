import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import type { VerifyResult } from '../../src/results/verify.ts';
import { catalogSnapshot } from '../helpers/catalog.ts';
import { runCli } from '../helpers/cli.ts';
import { adminQuery, adminUrl, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { seededTestDatabase } from '../helpers/seeded.ts';
import { tempDir } from '../helpers/temp.ts';

// `pgready verify` end to end through the real executable.
let db: TestDatabase;

before(async () => {
  db = await seededTestDatabase('verify_cli', { withIndexes: true });
});

after(async () => {
  await db?.drop();
});

async function verify(url: string, ...extra: string[]) {
  return runCli(['verify', '--database-url', url, ...extra]);
}

async function indexScans(url: string): Promise<number> {
  const { rows } = await adminQuery(
    url,
    "SELECT coalesce(sum(idx_scan), 0)::int8 AS n FROM pg_stat_user_indexes WHERE indexrelname LIKE 'idx\\_%'",
  );
  return Number(rows[0].n);
}

test('a seeded database with the catalogue is ENTERPRISE READY (exit 0) in every format', async () => {
  const text = await verify(db.url, '--no-probe');
  assert.equal(text.code, 0, text.stdout + text.stderr);
  assert.match(text.stdout, /Verdict: ENTERPRISE READY/);
  const markdown = await verify(db.url, '--no-probe', '--format', 'markdown');
  assert.equal(markdown.code, 0);
  assert.match(markdown.stdout, /^# Database Performance Report: Index Verification/);
  assert.match(markdown.stdout, /\| idx_comm_followup_history \| communication_logs \| HIGH \| ✅ ok \|/);
  const json = await verify(db.url, '--no-probe', '--format', 'json');
  assert.equal(json.code, 0, json.stderr);
  const result = JSON.parse(json.stdout) as VerifyResult;
  assert.equal(result.verdict.ready, true, result.verdict.reasons.join('; '));
  assert.deepEqual(result.verdict.reasons, []);
  assert.ok(
    result.indexes.length >= 5 && result.indexes.every((i) => i.state === 'ok'),
    json.stdout.slice(0, 300),
  );
});

test('verify renders through the one reporter: its markdown is byte-identical to report --format markdown, and masked', async () => {
  // Trust authentication ignores the password, so a URL with one connects: it must appear nowhere.
  const url = new URL(db.url);
  if (!url.password) url.password = 'Hunter2Secret';
  const withPassword = url.toString();
  const secret = decodeURIComponent(url.password);
  const dir = tempDir('pgready-verify-render-');
  const saved = `${dir}/verify.json`;
  const shown = await verify(
    withPassword,
    '--no-probe',
    '--format',
    'markdown',
    '--output',
    saved,
    '--reports-dir',
    dir,
  );
  assert.equal(shown.code, 0, shown.stderr);
  const again = await runCli(['report', saved, '--format', 'markdown']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(shown.stdout, again.stdout);
  const json = await verify(withPassword, '--no-probe', '--format', 'json');
  for (const out of [shown.stdout, shown.stderr, again.stdout, json.stdout, fs.readFileSync(saved, 'utf8')])
    assert.ok(!out.includes(secret), out.slice(0, 300));
  assert.match(shown.stdout, /postgres:\*\*\*@/);
});

test('verify is read-only: the catalog is unchanged, and usage is read before the probe touches it', async () => {
  await adminQuery(db.url, 'DROP INDEX idx_comm_followup_history');
  const before = await catalogSnapshot(db.url);
  const scansBefore = await indexScans(db.url);
  const out = await verify(
    db.url,
    '--format',
    'json',
    '--probe-iterations',
    '20',
    '--probe-concurrency',
    '2',
  );
  assert.equal(out.code, 1, out.stderr);
  const result = JSON.parse(out.stdout) as VerifyResult;
  assert.equal(result.kind, 'verify');
  assert.equal(await catalogSnapshot(db.url), before, 'verify changed the catalog');

  assert.equal(result.indexes.find((i) => i.name === 'idx_comm_followup_history')?.state, 'missing');
  assert.ok(result.verdict.reasons.some((r) => /idx_comm_followup_history .* is missing/.test(r)));
  assert.ok(
    result.verdict.reasons.some((r) =>
      /outbound-history: plan does not use idx_comm_followup_history/.test(r),
    ),
  );
  const probed = result.scenarios.filter((s) => s.probe);
  assert.equal(probed.length, result.scenarios.length);
  for (const s of probed) {
    assert.equal(s.probe!.requests, 20);
    assert.equal(s.probe!.errors, 0, s.scenario);
    assert.ok(s.probe!.latency.summary.p50Us > 0);
  }
  const usageSeen = result.indexes.reduce((n, i) => n + (i.usage?.idxScan ?? 0), 0);
  assert.equal(usageSeen, scansBefore, 'usage must be the counters as they were before probing');
  // The probe did use the indexes (its backends report their counts when they exit).
  let scansAfter = await indexScans(db.url);
  for (let i = 0; i < 30 && scansAfter <= scansBefore; i++) {
    await new Promise((r) => setTimeout(r, 100));
    scansAfter = await indexScans(db.url);
  }
  assert.ok(scansAfter > scansBefore, `${scansAfter} > ${scansBefore}`);
  await adminQuery(
    db.url,
    "CREATE INDEX idx_comm_followup_history ON communication_logs (lead_id, direction, sent_at DESC) WHERE direction = 'outbound'",
  );
});

test('the plan check catches indexes the planner ignores even though they exist and are valid', async () => {
  await adminQuery(db.url, `ALTER DATABASE ${db.name} SET enable_indexscan = off`);
  await adminQuery(db.url, `ALTER DATABASE ${db.name} SET enable_bitmapscan = off`);
  await adminQuery(db.url, `ALTER DATABASE ${db.name} SET enable_indexonlyscan = off`);
  try {
    const out = await verify(db.url, '--no-probe', '--format', 'json');
    assert.equal(out.code, 1);
    const result = JSON.parse(out.stdout) as VerifyResult;
    for (const index of result.indexes) assert.equal(index.state, 'ok', index.name);
    const ranking = result.scenarios.find((s) => s.scenario === 'lead-dashboard-ranking')!;
    assert.deepEqual(ranking.plan?.missingExpected, ['idx_leads_status_score']);
    assert.ok(ranking.plan?.nodes.includes('Seq Scan on leads'), ranking.plan?.nodes.join(' → '));
    assert.ok(
      result.verdict.reasons.some((r) =>
        /lead-dashboard-ranking: plan does not use idx_leads_status_score/.test(r),
      ),
    );
  } finally {
    await adminQuery(db.url, `ALTER DATABASE ${db.name} RESET ALL`);
  }
});

test('a database pgready did not seed: the missing tables and columns are named where they matter, exit 1', async () => {
  const empty = await createTestDatabase('verify_empty');
  try {
    await adminQuery(empty.url, 'CREATE TABLE leads (id bigint PRIMARY KEY, status text)');
    const out = await verify(empty.url, '--no-probe');
    assert.equal(out.code, 1, out.stderr);
    assert.match(out.stdout, /NOT READY/);
    assert.match(
      out.stdout,
      /the database lacks table churn_predictions, table churn_events, table communication_logs/,
    );
    assert.match(out.stdout, /idx_leads_status_score .*table leads lacks column score that the index needs/);
    // pgready's own scenarios cannot run here: listed apart as not applicable, never a reason (issue 19).
    assert.match(
      out.stdout,
      /Not applicable on this database .*lead-dashboard-ranking \(it reads columns leads\.first_name, leads\.last_name, leads\.company, leads\.source, leads\.score, leads\.agent_id, leads\.last_contacted_at, which the database lacks\)/,
    );
    assert.doesNotMatch(out.stdout, /- lead-dashboard-ranking: not checked/);
  } finally {
    await empty.drop();
  }
});

test('connection and permission errors: exit 2 with one clear line, no password', async () => {
  const refused = await verify('postgresql://postgres:s3cret@127.0.0.1:1/nothing', '--no-probe');
  assert.equal(refused.code, 2);
  assert.match(
    refused.stderr,
    /^pgready: cannot connect to postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/nothing: connection refused/,
  );
  assert.equal(refused.stderr.trim().split('\n').length, 1);
  assert.ok(!refused.stderr.includes('s3cret'));

  const role = `pgready_noread_${crypto.randomBytes(3).toString('hex')}`;
  await adminQuery(await adminUrl(), `CREATE ROLE ${role} LOGIN PASSWORD 'pw_${role}'`);
  try {
    const url = new URL(db.url);
    url.username = role;
    url.password = `pw_${role}`;
    const denied = await verify(url.toString(), '--no-probe');
    assert.equal(denied.code, 2, denied.stdout + denied.stderr);
    assert.match(denied.stderr, /^pgready: .*permission denied for table .*GRANT SELECT/);
    assert.equal(denied.stderr.trim().split('\n').length, 1);
    assert.ok(!denied.stderr.includes(`pw_${role}`));
  } finally {
    await adminQuery(await adminUrl(), `DROP ROLE ${role}`);
  }
});
