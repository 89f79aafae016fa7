import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { INDEX_CATALOGUE } from '../../seed/catalogue.ts';
import { LEAD_STATUS } from '../../seed/generators/shape.ts';
import { checkOwnership, readSeedMeta } from '../../src/db/ownership.ts';
import { tableChecksums } from '../../src/seed/checksum.ts';
import { planSeed } from '../../src/seed/plan.ts';
import { seedDatabase } from '../../src/seed/seed.ts';
import type { SeedReport } from '../../src/seed/types.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

// One tiny seed, then every property of the data it must have.
let db: TestDatabase;
let client: pg.Client;
let report: SeedReport;

before(async () => {
  db = await createTestDatabase('seed_tiny');
  report = await seedDatabase(db.url, { scale: 'tiny', seed: 42, workers: 2 });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});
after(async () => {
  await client?.end();
  await db?.drop();
});

async function one<T = Record<string, unknown>>(sql: string): Promise<T> {
  return (await client.query(sql)).rows[0] as T;
}

test('row counts match the plan, the report and pgready_meta', async () => {
  const plan = planSeed({ seed: 42, leads: 2_000, commsPerLead: 6.5 });
  const meta = await readSeedMeta(client);
  assert.equal(meta?.status, 'complete');
  assert.equal(meta?.scale, 'tiny');
  for (const [table, rows] of Object.entries(plan.rowsTotal)) {
    const r = await one<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
    assert.equal(Number(r.n), rows, table);
    assert.equal(report.rowCounts[table as keyof typeof report.rowCounts], rows);
    assert.equal(meta?.rowCounts[table], rows);
  }
  assert.equal(plan.rowsTotal.leads, 2_000);
  assert.ok(plan.rowsTotal.communication_logs > 10_000);
  const owned = await checkOwnership(client, { production: false });
  assert.equal(owned.owned, true, owned.reason);
});

test('the data is exactly what generator version 1 produced (checksums recorded from its text COPY)', async () => {
  // Recorded with `seed --scale tiny --checksum` before the generators moved to binary COPY: any
  // change to a value, a draw's order or a type's encoding changes one of them.
  assert.deepEqual(
    (await tableChecksums(db.url)).map((c) => [c.table, c.rows, c.checksum]),
    [
      ['leads', 2_000, 'dc044473fcd0274668b08decac98100d'],
      ['churn_predictions', 6_093, 'c497d4e7c1ba05332ba303b57720bb43'],
      ['churn_events', 853, '44890ed9e0c62bf4e7d0f826fec57bf9'],
      ['communication_logs', 15_748, 'fb554d1d535d7dfc7b61b6cf9d08822c'],
    ],
  );
});

test('keys: primary and foreign keys exist and are validated; ids are dense', async () => {
  const r = await client.query<{ conname: string; convalidated: boolean }>(
    "SELECT conname, convalidated FROM pg_constraint WHERE conrelid::regclass::text IN ('leads','churn_predictions','churn_events','communication_logs') AND contype IN ('p','f')",
  );
  assert.equal(r.rows.length, 7);
  assert.ok(r.rows.every((c) => c.convalidated));
  const orphans = await one<{ n: string }>(
    'SELECT (SELECT count(*) FROM communication_logs c WHERE NOT EXISTS (SELECT 1 FROM leads l WHERE l.id = c.lead_id)) + (SELECT count(*) FROM churn_events e WHERE NOT EXISTS (SELECT 1 FROM leads l WHERE l.id = e.lead_id)) AS n',
  );
  assert.equal(Number(orphans.n), 0);
  const dense = await one<{ max: string; n: string }>(
    'SELECT max(id) AS max, count(*) AS n FROM communication_logs',
  );
  assert.equal(dense.max, dense.n);
});

test('plain seed leaves the catalogue indexes out (the honest "without" state)', async () => {
  const r = await client.query<{ indexname: string }>(
    'SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()',
  );
  const names = r.rows.map((x) => x.indexname);
  for (const index of INDEX_CATALOGUE) assert.ok(!names.includes(index.name), index.name);
  assert.ok(
    names.every((n) => n.endsWith('_pkey')),
    names.join(', '),
  );
});

test('lead status mix and skewed scores', async () => {
  const r = await client.query<{ status: string; share: number }>(
    'SELECT status, count(*)::float / sum(count(*)) OVER () AS share FROM leads GROUP BY status',
  );
  assert.equal(r.rows.length, LEAD_STATUS.values.length);
  for (const row of r.rows) {
    const expected = LEAD_STATUS.share(row.status as (typeof LEAD_STATUS.values)[number]);
    assert.ok(Math.abs(row.share - expected) < 0.035, `${row.status}: ${row.share} vs ${expected}`);
  }
  const s = await one<{ median: number; p95: number; high: number }>(
    'SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY score) AS median, percentile_cont(0.95) WITHIN GROUP (ORDER BY score) AS p95, avg((score >= 80)::int) AS high FROM leads',
  );
  assert.ok(s.median < 45, `median score ${s.median}: most leads score low`);
  assert.ok(s.p95 > 70, `p95 score ${s.p95}: a tail of hot leads`);
  assert.ok(Number(s.high) > 0.02 && Number(s.high) < 0.25);
});

test('created_at spans about five years, growing', async () => {
  const r = await one<{ years: number; first: string; last: string }>(
    "SELECT extract(epoch FROM max(created_at) - min(created_at)) / 31557600 AS years, count(*) FILTER (WHERE created_at < min_at + interval '1 year') AS first, count(*) FILTER (WHERE created_at > max_at - interval '1 year') AS last FROM leads, (SELECT min(created_at) AS min_at, max(created_at) AS max_at FROM leads) b",
  );
  assert.ok(r.years > 4.5 && r.years <= 5.01, `${r.years} years`);
  assert.ok(
    Number(r.last) > 2 * Number(r.first),
    `growth: ${r.first} leads in year one, ${r.last} in the last`,
  );
});

test('communications: ~60 % outbound, Zipf-like per lead, after the lead existed', async () => {
  const r = await one<{ outbound: number }>(
    "SELECT avg((direction = 'outbound')::int)::float AS outbound FROM communication_logs",
  );
  assert.ok(Math.abs(r.outbound - 0.6) < 0.02, `outbound ${r.outbound}`);
  const z = await one<{ median: number; max: number; top1: number }>(
    'WITH per AS (SELECT lead_id, count(*) AS n FROM communication_logs GROUP BY lead_id) SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY n) AS median, max(n) AS max, (SELECT sum(n) FROM (SELECT n FROM per ORDER BY n DESC LIMIT 20) t)::float / (SELECT sum(n) FROM per) AS top1 FROM per',
  );
  assert.ok(z.median <= 5, `median ${z.median} messages per lead`);
  assert.ok(Number(z.max) > 10 * z.median, `heavy tail: max ${z.max}`);
  assert.ok(z.top1 > 0.05, `top 1 % of leads hold ${z.top1} of messages`);
  const early = await one<{ n: string }>(
    'SELECT count(*) AS n FROM communication_logs c JOIN leads l ON l.id = c.lead_id WHERE c.sent_at < l.created_at',
  );
  assert.equal(Number(early.n), 0);
});

test('churn predictions: a time series for active leads only', async () => {
  const closed = await one<{ n: string }>(
    "SELECT count(*) AS n FROM churn_predictions p JOIN leads l ON l.id = p.lead_id WHERE l.status IN ('closed_won','closed_lost')",
  );
  assert.equal(Number(closed.n), 0);
  const active = await one<{ without: string; avg: number }>(
    "SELECT count(*) FILTER (WHERE n = 0) AS without, avg(n)::float AS avg FROM (SELECT l.id, count(p.id) AS n FROM leads l LEFT JOIN churn_predictions p ON p.lead_id = l.id WHERE l.status NOT IN ('closed_won','closed_lost') GROUP BY l.id) t",
  );
  assert.equal(Number(active.without), 0, 'every active lead has a prediction');
  assert.ok(active.avg > 2.5 && active.avg < 5, `avg ${active.avg} predictions per active lead`);
  const tiers = await one<{ ok: boolean }>(
    "SELECT bool_and(CASE WHEN churn_probability < 0.25 THEN risk_tier = 'low' WHEN churn_probability < 0.5 THEN risk_tier = 'medium' WHEN churn_probability < 0.75 THEN risk_tier = 'high' ELSE risk_tier = 'critical' END) AS ok FROM churn_predictions",
  );
  assert.equal(tiers.ok, true);
});

test('churn events: a minority of leads, about 5 % recovery-eligible', async () => {
  const r = await one<{ leads_share: number; eligible: number; lost_covered: boolean }>(
    "SELECT (SELECT count(DISTINCT lead_id) FROM churn_events)::float / (SELECT count(*) FROM leads) AS leads_share, (SELECT avg((recovery_eligibility = 'eligible')::int)::float FROM churn_events) AS eligible, (SELECT bool_and(EXISTS (SELECT 1 FROM churn_events e WHERE e.lead_id = l.id)) FROM leads l WHERE status = 'closed_lost') AS lost_covered",
  );
  assert.ok(r.leads_share > 0.2 && r.leads_share < 0.45, `${r.leads_share} of leads churned`);
  assert.ok(r.eligible > 0.02 && r.eligible < 0.09, `${r.eligible} eligible`);
  assert.equal(r.lost_covered, true, 'every closed-lost lead has a churn event');
});
