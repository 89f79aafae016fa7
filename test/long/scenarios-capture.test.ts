import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { withDatabase } from '../../src/db/url.ts';
import type { RunResult } from '../../src/results/types.ts';
import { loadScenarios } from '../../src/scenarios/load.ts';
import { parseYamlScenario } from '../../src/scenarios/yaml-scenario.ts';
import { createAppDatabase } from '../helpers/app-db.ts';
import { runCli } from '../helpers/cli.ts';
import { adminQuery, startTempEmbedded } from '../helpers/db.ts';
import { quickRunFlags, smallPoolConfig } from '../helpers/run-setup.ts';
import { tempDir } from '../helpers/temp.ts';

// `pgready scenarios capture` on an embedded PostgreSQL started with pg_stat_statements in
// shared_preload_libraries: the application's queries run first (literals, a folded IN list, a
// SQL-level PREPARE), then the captured files load and `run` measures them.
let server: Awaited<ReturnType<typeof startTempEmbedded>>;
let url: string;

before(async () => {
  server = await startTempEmbedded();
  const admin = server.server.url('postgres');
  await adminQuery(admin, "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
  await adminQuery(admin, "ALTER SYSTEM SET shared_buffers = '128MB'");
  server.server.stop();
  await server.server.start();
  await adminQuery(admin, 'CREATE DATABASE app');
  url = withDatabase(admin, 'app');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await createAppDatabase(client, 2000);
    await client.query('CREATE EXTENSION pg_stat_statements');
    await client.query('SELECT pg_stat_statements_reset()');
    const { rows } = await client.query('SELECT id FROM leads ORDER BY id LIMIT 5');
    for (let i = 0; i < 40; i++) {
      const lead = rows[i % rows.length]!.id as string;
      // As an application sends them: literals (pg_stat_statements makes them $n), and one SQL-level PREPARE.
      await client.query(
        `SELECT channel, body, sent_at FROM communication_logs WHERE lead_id = '${lead}' AND direction = 'outbound' ORDER BY sent_at DESC LIMIT 20`,
      );
      await client.query(
        "SELECT id, full_name, score FROM leads WHERE status IN ('new', 'contacted', 'qualified') ORDER BY score DESC LIMIT 50",
      );
      await client.query(
        'SELECT e.lead_id, e.occurred_at FROM churn_events e WHERE e.recovery_eligibility = $1 ORDER BY e.occurred_at DESC LIMIT 25',
        ['eligible'],
      );
    }
    await client.query(
      'PREPARE latest(uuid) AS SELECT churn_probability, risk_band FROM churn_predictions WHERE lead_id = $1 ORDER BY prediction_timestamp DESC LIMIT 1',
    );
    for (const r of rows) await client.query(`EXECUTE latest('${r.id}')`);
  } finally {
    await client.end();
  }
});

after(() => server?.stop());

test('capture writes the recorded statements as scenario files that load and run', async () => {
  const out = path.join(tempDir('pgready-capture-'), 'captured');
  const result = await runCli([
    'scenarios',
    'capture',
    '--out',
    out,
    '--database-url',
    url,
    '--top',
    '10',
    '--json',
  ]);
  assert.equal(result.code, 0, result.stderr + result.stdout);
  const written = JSON.parse(result.stdout) as { name: string; file: string; problems: string[] }[];
  assert.ok(written.length >= 4, JSON.stringify(written.map((w) => w.name)));
  const texts = written.map((w) => fs.readFileSync(w.file, 'utf8'));
  const parsed = texts.map((t) => parseYamlScenario(t));
  for (const [i, p] of parsed.entries()) assert.ok(p.ok, `${written[i]!.file}: ${JSON.stringify(p)}`);
  const yamls = parsed.map((p) => (p.ok ? p.yaml : undefined)!);

  const history = yamls.find((y) => y.sql.includes('communication_logs'))!;
  assert.match(history.sql, /direction = 'outbound'/, 'the partial index literal is written back');
  assert.equal(history.calls, 40);
  assert.ok((history.meanMs ?? -1) >= 0);
  const historyText = texts[yamls.indexOf(history)]!;
  assert.match(
    historyText,
    /written back as direction = 'outbound', the predicate of the partial index idx_comm_followup_history/,
  );
  assert.deepEqual(history.expectedIndexes, ['idx_comm_followup_history']);

  const latest = yamls.find((y) => y.sql.includes('churn_predictions'))!;
  assert.match(latest.sql, /^SELECT /, 'the PREPARE prefix is stripped');
  assert.ok(texts[yamls.indexOf(latest)]!.includes('the prefix is stripped'));

  const dashboard = yamls.find((y) => y.sql.includes('FROM leads'))!;
  const { rows } = await adminQuery(url, "SELECT current_setting('server_version_num')::int AS v");
  if (Number(rows[0]!.v) >= 180_000) {
    assert.match(dashboard.sql, /status = ANY\(\$1\)/, "PostgreSQL 18's folded IN list");
    assert.equal(dashboard.params[0]?.array, true);
  }

  // Ranked by total time, calls written; they load and run (with the indexes the database has).
  const scenarios = await loadScenarios({ extraDirs: [out], builtinDir: tempDir('pgready-empty-') });
  assert.equal(scenarios.length, written.length);
  const config = smallPoolConfig();
  const cfg = JSON.parse(fs.readFileSync(config, 'utf8'));
  fs.writeFileSync(config, JSON.stringify({ ...cfg, scenarioDirs: [out] }));
  const names = yamls.map((y) => y.name);
  const run = await runCli(
    ['run', ...names, '--database-url', url, ...quickRunFlags({ duration: '2s', config }), '--json'],
    { timeoutMs: 180_000 },
  );
  assert.ok([0, 1].includes(run.code ?? -1), run.stderr);
  const measured = JSON.parse(run.stdout) as RunResult;
  const phase = measured.phases[0]!;
  for (const name of names) {
    const s = phase.scenarios.find((x) => x.scenario === name);
    assert.ok(s && s.requests > 0 && s.errors === 0, `${name} ran: ${JSON.stringify(s?.errorsByCode)}`);
  }
});

test('capture on tables nothing was recorded on: exit 2, run the workload first', async () => {
  const out = path.join(tempDir('pgready-capture-'), 'none');
  const result = await runCli([
    'scenarios',
    'capture',
    '--out',
    out,
    '--database-url',
    url,
    '--tables',
    'no_such_table',
  ]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /recorded no SELECT on no_such_table.*run the workload first/);
  assert.equal(fs.existsSync(out), false);
});
