import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { createIndexSql, INDEX_CATALOGUE } from '../../seed/catalogue.ts';
import { explainScenario } from '../../src/inspect/explain.ts';
import { type LoadedScenario, loadScenarios } from '../../src/scenarios/load.ts';
import { checkParams, drawSample } from '../../src/scenarios/sample.ts';
import { UserError } from '../../src/util/errors.ts';
import { seededRandom } from '../../src/util/prng.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { dropCatalogueIndexes, seededTestDatabase } from '../helpers/seeded.ts';

// Every scenario on a tiny seed: its sample hits real rows, and its plan uses exactly the catalogue
// indexes it expects when they exist, for several parameter draws, and none of them without them.
let db: TestDatabase;
let client: pg.Client;
let scenarios: LoadedScenario[];
const DRAWS = 5;

before(async () => {
  db = await seededTestDatabase('scenario_plans', { withIndexes: true });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  scenarios = await loadScenarios();
});

after(async () => {
  await client?.end();
  await db?.drop();
});

async function plans(scenario: LoadedScenario) {
  const sample = await drawSample(client, scenario, 42);
  const random = seededRandom(7);
  const result = [];
  for (let i = 0; i < DRAWS; i++) {
    const params = checkParams(scenario, sample, random);
    result.push({ params, plan: await explainScenario(client, scenario.definition, params) });
  }
  return result;
}

test('with the catalogue indexes, every scenario plan uses its expected indexes and returns rows', async () => {
  for (const scenario of scenarios) {
    for (const { params, plan } of await plans(scenario)) {
      assert.deepEqual(
        plan.missingExpected,
        [],
        `${scenario.definition.name} ${JSON.stringify(params)}: ${plan.nodes.join(' → ')}`,
      );
      assert.ok(plan.totalCost > 0);
      const rows = await client.query(scenario.definition.sql, params);
      assert.ok(rows.rowCount! > 0, `${scenario.definition.name} ${JSON.stringify(params)} returned no rows`);
    }
  }
});

test('the sample is deterministic from the seed', async () => {
  const scenario = scenarios.find((s) => s.definition.name === 'outbound-history')!;
  const a = await drawSample(client, scenario, 42);
  const b = await drawSample(client, scenario, 42);
  const c = await drawSample(client, scenario, 43);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('session settings apply to one EXPLAIN only', async () => {
  const scenario = scenarios.find((s) => s.definition.name === 'outbound-history')!;
  const { params } = (await plans(scenario))[0]!;
  const off = await explainScenario(client, scenario.definition, params, {
    sessionSettings: { enable_indexscan: 'off', enable_bitmapscan: 'off', enable_indexonlyscan: 'off' },
  });
  assert.deepEqual(off.missingExpected, ['idx_comm_followup_history']);
  assert.ok(
    off.nodes.some((n) => n === 'Seq Scan on communication_logs'),
    off.nodes.join(' → '),
  );
  const { rows } = await client.query("SELECT current_setting('enable_indexscan') AS v");
  assert.equal(rows[0].v, 'on');
});

test('without the catalogue indexes no plan uses one', async () => {
  await dropCatalogueIndexes(db.url);
  try {
    for (const scenario of scenarios) {
      for (const { plan } of await plans(scenario)) {
        assert.deepEqual(
          plan.missingExpected,
          [...scenario.definition.expectedIndexes],
          scenario.definition.name,
        );
        const catalogueUsed = plan.indexesUsed.filter((n) => INDEX_CATALOGUE.some((i) => i.name === n));
        assert.deepEqual(catalogueUsed, []);
      }
    }
  } finally {
    for (const index of INDEX_CATALOGUE) await client.query(createIndexSql(index));
  }
});

test('an empty sample is a clear error naming the scenario', async () => {
  const scenario = scenarios.find((s) => s.definition.name === 'win-back-eligible')!;
  await client.query('BEGIN');
  try {
    await client.query("UPDATE churn_events SET recovery_eligibility = 'expired'");
    await assert.rejects(drawSample(client, scenario, 42), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.match(error.message, /scenario "win-back-eligible": its sample query returned no rows/);
      return true;
    });
  } finally {
    await client.query('ROLLBACK');
  }
});
