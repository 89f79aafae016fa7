import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { exitCodeFor } from '../../src/cli/exit.ts';
import { checkConnectionBudget } from '../../src/load/budget.ts';
import { UserError } from '../../src/util/errors.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let db: TestDatabase;
let client: pg.Client;
before(async () => {
  db = await createTestDatabase('runner_budget');
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});
after(async () => {
  await client.end();
  await db.drop();
});

test('the connection budget refuses a run that needs more connections than the server has free', async () => {
  const { rows } = await client.query("SELECT current_setting('max_connections')::int AS max");
  const max: number = rows[0].max;
  await assert.rejects(
    checkConnectionBudget(client, { instances: 2, poolMaxSize: Math.ceil(max / 2), ownConnections: 1 }),
    (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.equal(exitCodeFor(error), 2);
      assert.match(error.message, new RegExp(`needs ${2 * Math.ceil(max / 2) + 1} connections`));
      assert.match(error.message, new RegExp(`max_connections ${max}`));
      assert.match(error.message, /lower --instances or pool_size \+ max_overflow/);
      return true;
    },
  );
});

test('the connection budget accepts a run that fits and reports what is free', async () => {
  const budget = await checkConnectionBudget(client, { instances: 2, poolMaxSize: 5, ownConnections: 1 });
  assert.equal(budget.needed, 11);
  assert.ok(budget.available >= 11);
  assert.ok(budget.reserved >= 0 && budget.available <= budget.maxConnections - budget.reserved);
});
