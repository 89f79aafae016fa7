import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { loadScenarios } from '../../src/scenarios/load.ts';
import { drawSample } from '../../src/scenarios/sample.ts';
import { parseYamlScenario } from '../../src/scenarios/yaml-scenario.ts';
import { seededRandom } from '../../src/util/prng.ts';
import { APP_QUERIES_FILE, createAppDatabase } from '../helpers/app-db.ts';
import { catalogSnapshot } from '../helpers/catalog.ts';
import { runCli } from '../helpers/cli.ts';
import { adminQuery, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { tempDir } from '../helpers/temp.ts';
import { verifyJson } from '../helpers/verify-cases.ts';

// `pgready scenarios import` on the application's own database (UUID keys, VARCHAR + CHECK,
// timestamps without time zone): files that load, parameters that bind to real rows, read-only.
let db: TestDatabase;

before(async () => {
  db = await createTestDatabase('scenarios_import');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await createAppDatabase(client, 2000);
  } finally {
    await client.end();
  }
});
after(async () => db?.drop());

function importCli(files: string[], out: string, ...extra: string[]) {
  return runCli(['scenarios', 'import', ...files, '--out', out, '--database-url', db.url, ...extra]);
}

test("import of the application's queries: every file loads, binds its parameters to real rows, and nothing in the database changed", async () => {
  const out = tempDir('pgready-import-');
  const snapshot = await catalogSnapshot(db.url);
  const result = await importCli([APP_QUERIES_FILE], out);
  assert.equal(result.code, 0, result.stderr + result.stdout);
  const files = fs.readdirSync(out).sort();
  assert.deepEqual(files, [
    'follow-up-history.scenario.yaml',
    'high-intent-leads.scenario.yaml',
    'latest-churn-prediction.scenario.yaml',
    'lead-dashboard.scenario.yaml',
    'win-back-candidates.scenario.yaml',
  ]);
  assert.equal(await catalogSnapshot(db.url), snapshot, 'import only reads');

  const dashboard = fs.readFileSync(path.join(out, 'lead-dashboard.scenario.yaml'), 'utf8');
  assert.match(dashboard, /# name "LeadDashboard" written in kebab-case: lead-dashboard/);
  const parsed = parseYamlScenario(dashboard);
  assert.ok(parsed.ok);
  assert.equal(parsed.yaml.category, 'Lead Dashboard');
  assert.equal(parsed.yaml.categoryGuessed, undefined, 'the -- category line is not a guess');
  assert.equal(parsed.yaml.carries, 'idx_leads_status_score');
  assert.deepEqual(
    parsed.yaml.params.map((p) => [p.n, p.column ?? p.value, p.from]),
    [
      [1, 'p1', 'leads.status'],
      [2, 50, undefined],
    ],
  );
  const highIntent = parseYamlScenario(
    fs.readFileSync(path.join(out, 'high-intent-leads.scenario.yaml'), 'utf8'),
  );
  assert.ok(highIntent.ok);
  assert.equal(highIntent.yaml.params[2]?.value, 25, 'the -- param $3 line');
  assert.equal(highIntent.yaml.params[0]?.type, 'integer', "the parameter's type from the server");
  const history = parseYamlScenario(
    fs.readFileSync(path.join(out, 'follow-up-history.scenario.yaml'), 'utf8'),
  );
  assert.ok(history.ok);
  assert.equal(history.yaml.category, 'Detail Views', "one lead's messages: guessed as a detail view");
  assert.equal(history.yaml.categoryGuessed, true);
  assert.deepEqual(history.yaml.expectedIndexes, ['idx_comm_followup_history']);
  assert.notEqual(history.yaml.expectedIndexesGuessed, true, 'the index it carries is the one expected');
  assert.match(
    history.yaml.sampleSql,
    /direction = 'outbound'/,
    "the sample repeats the query's literal filter",
  );

  // Loaded as run loads them; each parameter sample is real, and the query runs with it.
  const scenarios = await loadScenarios({ extraDirs: [out], builtinDir: tempDir('pgready-empty-') });
  assert.equal(scenarios.length, 5);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    for (const s of scenarios) {
      const sample = await drawSample(client, s, 42);
      assert.ok(sample.length > 0, `${s.definition.name}: its sample has rows`);
      const again = await drawSample(client, s, 42);
      assert.deepEqual(again, sample, `${s.definition.name}: the seeded sample is the same twice`);
      const params = s.definition.params(sample, seededRandom(1));
      assert.equal(params.length, s.paramCount);
      const { rows } = await client.query(s.definition.sql, params);
      assert.ok(rows.length > 0, `${s.definition.name} returns rows with ${JSON.stringify(params)}`);
    }
  } finally {
    await client.end();
  }

  // verify checks each imported scenario's plan on the application's database.
  const config = path.join(out, '..', `${path.basename(out)}.config.json`);
  fs.writeFileSync(config, JSON.stringify({ scenarioDirs: [out] }));
  const names = scenarios.map((s) => s.definition.name);
  const verified = await verifyJson(db.url, '--config', config, ...names);
  assert.deepEqual(
    verified.result.scenarios.map((s) => s.scenario),
    names,
  );
  for (const s of verified.result.scenarios) {
    assert.equal(s.error, undefined, `${s.scenario}: ${s.error}`);
    assert.ok(s.plan, `${s.scenario} has a plan`);
  }
  const checked = verified.result.scenarios.find((s) => s.scenario === 'follow-up-history');
  assert.deepEqual(
    checked?.plan?.missingExpected,
    [],
    'the follow-up history uses idx_comm_followup_history',
  );
});

test('an existing file is not overwritten without --force; with --force it is', async () => {
  const out = tempDir('pgready-import-');
  const file = path.join(out, 'lead-dashboard.scenario.yaml');
  fs.writeFileSync(file, '# mine\n');
  const refused = await importCli([APP_QUERIES_FILE], out);
  assert.equal(refused.code, 2);
  assert.match(
    refused.stderr,
    /exists already: .*lead-dashboard\.scenario\.yaml; nothing written \(add --force/,
  );
  assert.deepEqual(fs.readdirSync(out), ['lead-dashboard.scenario.yaml']);
  assert.equal(fs.readFileSync(file, 'utf8'), '# mine\n');
  const forced = await importCli([APP_QUERIES_FILE], out, '--force');
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(fs.readFileSync(file, 'utf8'), /name: lead-dashboard/);
  assert.equal(fs.readdirSync(out).length, 5);
});

test("other conventions' placeholders are refused naming file:line, and nothing is written", async () => {
  const dir = tempDir('pgready-import-src-');
  const file = path.join(dir, 'named.sql');
  fs.writeFileSync(
    file,
    [
      '-- name: by-email :one',
      'SELECT id FROM leads WHERE email = @email;',
      '-- name: by-status :many',
      'SELECT id FROM leads WHERE status = sqlc.arg(status) LIMIT %s;',
      '-- name: py-named',
      'SELECT id FROM leads WHERE source = %(source)s;',
      '-- name: colon',
      "SELECT id, tags[1:2] FROM leads WHERE owner_email = :owner AND company = 'a:b';",
    ].join('\n'),
  );
  const out = path.join(tempDir('pgready-import-'), 'out');
  const result = await importCli([file], out);
  assert.equal(result.code, 2);
  assert.match(result.stderr, new RegExp(`${file}:2: "@email" is sqlc's @name placeholder`));
  assert.match(result.stderr, new RegExp(`${file}:4: "sqlc.arg\\(status\\)"`));
  assert.match(result.stderr, new RegExp(`${file}:4: "%s" is Python's %s`));
  assert.match(result.stderr, new RegExp(`${file}:6: "%\\(source\\)s"`));
  assert.match(result.stderr, new RegExp(`${file}:8: ":owner" is a :name placeholder`));
  assert.doesNotMatch(result.stderr, /:1:2|'a:b'/, 'an array slice and a string are no placeholders');
  assert.equal(fs.existsSync(out), false, 'nothing written');
});

test('a parameter pgready cannot bind is written as fillIn and a query that does not prepare is named: exit 2, and loading refuses the file naming $n', async () => {
  const dir = tempDir('pgready-import-src-');
  const file = path.join(dir, 'queries.sql');
  fs.writeFileSync(
    file,
    [
      '-- A comment with non-ASCII text — it must not shift the offsets.',
      '-- name: name-search :many',
      "SELECT id FROM leads WHERE full_name ILIKE '%' || $1 || '%' AND status = $2 ORDER BY created_at DESC LIMIT $3;",
      '-- name: missing-column',
      'SELECT id FROM leads WHERE budget_min >= $1;',
      '-- name: EventsByType',
      '-- category: Reports',
      'SELECT event_type, count(*) FROM churn_events WHERE event_type = ANY($1) AND occurred_at BETWEEN $2 AND $3 GROUP BY event_type;',
      '-- name: dashboard-by-status',
      'SELECT id FROM leads WHERE status = $1 ORDER BY score DESC LIMIT $2;',
    ].join('\n'),
  );
  const out = tempDir('pgready-import-');
  const result = await importCli([file], out);
  assert.equal(result.code, 2, result.stdout + result.stderr);
  assert.match(result.stdout, /name-search.*\n\s+needs a hand: \$1 is to be filled in/);
  assert.match(
    result.stdout,
    /missing-column.*\n\s+needs a hand: does not prepare on the target: column "budget_min" does not exist/,
  );
  const search = parseYamlScenario(fs.readFileSync(path.join(out, 'name-search.scenario.yaml'), 'utf8'));
  assert.equal(search.ok, false);
  await assert.rejects(
    loadScenarios({ extraDirs: [out], builtinDir: tempDir('pgready-empty-'), names: ['name-search'] }),
    /name-search\.scenario\.yaml: params: \$1 is to be filled in/,
  );
  // The third binds an array (1–3 values) and a period from two rows; it loads and runs.
  const events = parseYamlScenario(fs.readFileSync(path.join(out, 'events-by-type.scenario.yaml'), 'utf8'));
  assert.ok(events.ok, JSON.stringify(events));
  assert.equal(events.yaml.params[0]?.array, true);
  assert.equal(events.yaml.category, 'Reports');
  // Neither -- expect nor -- carries: the catalogue index whose key serves its filter and order, guessed.
  const dashboard = parseYamlScenario(
    fs.readFileSync(path.join(out, 'dashboard-by-status.scenario.yaml'), 'utf8'),
  );
  assert.ok(dashboard.ok, JSON.stringify(dashboard));
  assert.deepEqual(dashboard.yaml.expectedIndexes, ['idx_leads_status_score']);
  assert.equal(dashboard.yaml.expectedIndexesGuessed, true);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const sample = (await client.query(events.yaml.sampleSql, ['3'])).rows;
    assert.ok(sample.length > 0);
    const random = seededRandom(5);
    const sizes = new Set<number>();
    for (let i = 0; i < 30; i++) {
      const params = events.definition.params(sample, random);
      const values = params[0] as unknown[];
      sizes.add(values.length);
      assert.ok(String(params[1]) <= String(params[2]), 'BETWEEN low ≤ high');
      await client.query(events.yaml.sql, params);
    }
    assert.ok([...sizes].every((n) => n >= 1 && n <= 3) && sizes.size >= 2, `array sizes ${[...sizes]}`);
  } finally {
    await client.end();
  }
});

test('capture without pg_stat_statements: exit 2 saying what to enable', async () => {
  const { rows } = await adminQuery(db.url, "SELECT current_setting('shared_preload_libraries') AS s");
  if (String(rows[0]?.s).includes('pg_stat_statements')) return;
  const out = path.join(tempDir('pgready-capture-'), 'out');
  const result = await runCli(['scenarios', 'capture', '--out', out, '--database-url', db.url]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /shared_preload_libraries.*CREATE EXTENSION pg_stat_statements/);
  assert.equal(fs.existsSync(out), false);
});

test("with --config, the application's own indexes (indexesFrom) are in the catalogue a written file is checked against", async () => {
  const dir = tempDir('pgready-import-');
  const sql = path.join(dir, 'owner.sql');
  fs.writeFileSync(
    sql,
    '-- name: LeadsOfOwner :many\n-- carries: ix_leads_owner_email\nSELECT id FROM leads WHERE owner_email = $1 LIMIT 20;\n',
  );
  fs.mkdirSync(path.join(dir, 'migrations'));
  fs.writeFileSync(
    path.join(dir, 'migrations', '001.sql'),
    'CREATE INDEX IF NOT EXISTS ix_leads_owner_email ON leads (owner_email);\n',
  );
  const config = path.join(dir, 'pgready.config.json');
  fs.writeFileSync(config, JSON.stringify({ indexesFrom: ['migrations/*.sql'] }));
  const withCode = await importCli([sql], path.join(dir, 'with'), '--config', config);
  assert.equal(withCode.code, 0, withCode.stderr + withCode.stdout);
  assert.doesNotMatch(withCode.stdout + withCode.stderr, /needs a hand/);
  // Without the config the index is unknown, and the file says so.
  const without = await importCli([sql], path.join(dir, 'without'));
  assert.match(without.stdout + without.stderr, /carries must name a catalogue index/);
});
