import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exitCodeFor } from '../../src/cli/exit.ts';
import { parseConfig } from '../../src/config/load.ts';
import { resolvePool } from '../../src/config/pool.ts';
import { resolveCatalogue } from '../../src/indexes/resolved.ts';
import { resolveTargets } from '../../src/scenarios/targets.ts';
import { UserError } from '../../src/util/errors.ts';

test('an empty config resolves to the production pool of the requirement', () => {
  const config = parseConfig({});
  const pool = resolvePool(config.pool);
  assert.deepEqual(pool, {
    baseSize: 20,
    maxOverflow: 80,
    maxSize: 100,
    acquireTimeoutMs: 30_000,
    maxLifetimeSeconds: 1800,
    statementTimeoutMs: 10_000,
    overflowIdleMs: 5_000,
  });
});

test('the pool accepts the requirement keys as users copy them', () => {
  const pool = resolvePool(parseConfig({ pool: { pool_size: 5, max_overflow: 0, query_timeout: 2.5 } }).pool);
  assert.equal(pool.maxSize, 5);
  assert.equal(pool.statementTimeoutMs, 2500);
});

test('every config problem is reported at once, with its path', () => {
  try {
    parseConfig({
      environments: { staging: { urlEnv: 'not a var name', production: 'yes' } },
      pool: { pool_size: -1 },
      bogus: 1,
    });
    assert.fail('expected a UserError');
  } catch (error) {
    assert.ok(error instanceof UserError);
    assert.equal(exitCodeFor(error), 2);
    assert.match(error.message, /environments\.staging\.urlEnv/);
    assert.match(error.message, /environments\.staging\.production/);
    assert.match(error.message, /pool\.pool_size/);
    assert.match(error.message, /bogus/);
  }
});

test('a scenario may tighten its category targets, never loosen them', () => {
  assert.deepEqual(resolveTargets('Lead Dashboard'), { p50: 25, p95: 35, p99: 50 });
  assert.deepEqual(resolveTargets('Reports', { p95: 150, p99: 900 }), { p50: 100, p95: 150, p99: 500 });
});

test('config indexes extend the catalogue; every problem in them is reported at once', () => {
  const config = parseConfig({
    indexes: [
      {
        name: 'idx_leads_agent_created',
        table: 'leads',
        columns: [{ name: 'agent_id' }, { name: 'created_at', order: 'DESC' }],
        where: 'agent_id IS NOT NULL',
        priority: 'HIGH',
        claim: { carrier: 'agent-newest-leads', before: { minMs: 200 }, afterMs: 20 },
      },
    ],
  });
  const catalogue = resolveCatalogue(config.indexes);
  assert.equal(catalogue.length, 6);
  assert.deepEqual(catalogue[5], {
    name: 'idx_leads_agent_created',
    table: 'leads',
    columns: [{ name: 'agent_id' }, { name: 'created_at', order: 'DESC' }],
    where: 'agent_id IS NOT NULL',
    priority: 'HIGH',
    demo: 'from the config',
    claim: {
      text: '200 ms → 20 ms',
      subject: 'idx_leads_agent_created',
      carrier: 'agent-newest-leads',
      alsoUsedBy: [],
      before: { minMs: 200 },
      afterMs: 20,
    },
  });
  assert.equal(resolveCatalogue().length, 5, 'the built-ins are never changed');
  try {
    parseConfig({
      indexes: [
        { name: 'idx_leads_status_score', table: 'leads', columns: [{ name: 'status' }], priority: 'HIGH' },
        {
          name: 'idx_x',
          table: 'deals',
          columns: [],
          priority: 'LOW',
          claim: { carrier: 'x', before: { minMs: -1 } },
        },
        {
          name: 'idx_x',
          table: 'leads',
          columns: [{ name: 'a', order: 'UP' }],
          priority: 'HIGH',
          where: '1=1; DROP TABLE leads',
        },
      ],
    });
    assert.fail('expected a UserError');
  } catch (error) {
    assert.ok(error instanceof UserError);
    for (const expected of [
      /indexes\.0\.name: "idx_leads_status_score" is a built-in catalogue index/,
      /indexes\.1\.table: must be one of the requirement's tables/,
      /indexes\.1\.columns: needs at least one key column/,
      /indexes\.1\.priority/,
      /indexes\.1\.claim\.before\.minMs/,
      /indexes\.2\.name: "idx_x" is listed twice/,
      /indexes\.2\.columns\.0\.order/,
      /indexes\.2\.where: must be one SQL predicate/,
    ])
      assert.match(error.message, expected);
  }
});
