// Faults during a run: the control connection's backend terminated, a concurrent index rebuild
// killed half-way, the server restarted. Each time the run keeps what it measured, reconnects for
// what it still needs (restoring the indexes above all), saves its result, and afterwards every
// catalogue index is present and valid — none INVALID.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { INDEX_CATALOGUE } from '../../seed/catalogue.ts';
import { withDatabase } from '../../src/db/url.ts';
import type { RunResult } from '../../src/results/types.ts';
import { seedDatabase } from '../../src/seed/seed.ts';
import { BIN } from '../helpers/cli.ts';
import { createTestDatabase, startTempEmbedded, type TestDatabase } from '../helpers/db.ts';
import { quickRunFlags, smallPoolConfig } from '../helpers/run-setup.ts';
import { tempDir } from '../helpers/temp.ts';

const config = smallPoolConfig();
const dir = tempDir('pgready-faults-');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Starts `pgready run` without → with; resolves with its exit and output when it ends. */
function startRun(url: string, output: string, durationS = 4) {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'run',
      '--database-url',
      url,
      ...quickRunFlags({ phases: 'without,with', duration: `${durationS}s`, config }),
      '-o',
      output,
      'lead-dashboard-ranking',
      'outbound-history',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

async function q<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

/** Polls until `probe` returns a value, or fails after `ms`. */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function indexStates(url: string) {
  return q<{ name: string; valid: boolean }>(
    url,
    `SELECT c.relname AS name, i.indisvalid AND i.indisready AS valid
       FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid
      WHERE c.relkind = 'i' AND c.relnamespace = 'public'::regnamespace AND c.relname LIKE 'idx\\_%'
      ORDER BY 1`,
  );
}

async function assertAllCatalogueIndexesValid(url: string) {
  const states = await indexStates(url);
  assert.deepEqual(
    states,
    INDEX_CATALOGUE.map((i) => ({ name: i.name, valid: true })).sort((a, b) => a.name.localeCompare(b.name)),
  );
}

async function indexesDropped(url: string) {
  const states = await indexStates(url);
  return states.length === 0 ? true : undefined;
}

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase('control_loss');
  await seedDatabase(db.url, { scale: 'tiny', seed: 11, withIndexes: true, workers: 0 });
});
after(async () => db?.drop());

test('the control backend terminated mid-run: the run reconnects, finishes both phases and keeps its result', async () => {
  const output = path.join(dir, 'terminated.json');
  const run = startRun(db.url, output);
  await waitFor('the without phase', () => indexesDropped(db.url));
  const [control] = await waitFor('the control session', async () => {
    const rows = await q<{ pid: number }>(
      db.url,
      "SELECT pid FROM pg_stat_activity WHERE application_name LIKE 'pgready run on %' AND datname = current_database()",
    );
    return rows.length ? rows : undefined;
  });
  await q(db.url, 'SELECT pg_terminate_backend($1)', [control!.pid]);
  const { code, stderr } = await run.done;
  assert.ok(code === 0 || code === 1, `exit ${code}: ${stderr}`);
  const result = JSON.parse(fs.readFileSync(output, 'utf8')) as RunResult;
  assert.deepEqual(
    result.phases.map((p) => p.name),
    ['without', 'with'],
  );
  assert.equal(result.partial, undefined);
  assert.ok(result.phases.every((p) => p.scenarios.every((s) => s.requests > 0)));
  await assertAllCatalogueIndexesValid(db.url);
});

test('a concurrent rebuild killed half-way is rebuilt: no INVALID index remains', async () => {
  const output = path.join(dir, 'rebuild.json');
  const run = startRun(db.url, output, 2);
  await waitFor('the without phase', () => indexesDropped(db.url));
  // A writer in an open transaction makes the rebuild of a leads index wait: then it is killed.
  const writer = new pg.Client({ connectionString: db.url });
  await writer.connect();
  await writer.query('BEGIN');
  await writer.query('UPDATE leads SET score = score WHERE id = 1');
  try {
    const [build] = await waitFor('a waiting CREATE INDEX CONCURRENTLY', async () => {
      const rows = await q<{ pid: number }>(
        db.url,
        `SELECT pid FROM pg_stat_activity
          WHERE query ILIKE 'CREATE INDEX CONCURRENTLY%' AND datname = current_database() AND wait_event_type = 'Lock'`,
      );
      return rows.length ? rows : undefined;
    });
    await q(db.url, 'SELECT pg_terminate_backend($1)', [build!.pid]);
    await sleep(300);
  } finally {
    await writer.query('COMMIT');
    await writer.end();
  }
  const { code, stderr } = await run.done;
  assert.ok(code === 0 || code === 1, `exit ${code}: ${stderr}`);
  assert.ok(fs.existsSync(output), 'the result is saved');
  await assertAllCatalogueIndexesValid(db.url);
});

test('a server restart mid-run: the result is kept, the errors counted, the indexes back', async () => {
  const embedded = await startTempEmbedded();
  try {
    const url = withDatabase(embedded.server.url('postgres'), 'postgres');
    await seedDatabase(url, { scale: 'tiny', seed: 12, withIndexes: true, workers: 0 });
    const output = path.join(dir, 'restart.json');
    const run = startRun(url, output, 5);
    await waitFor('the without phase', () => indexesDropped(url));
    // Once the load runs: its queries fail while the server is down, and are counted.
    await sleep(2_000);
    embedded.server.stop();
    await embedded.server.start();
    const { code, stderr } = await run.done;
    assert.ok(code === 0 || code === 1, `exit ${code}: ${stderr}`);
    const result = JSON.parse(fs.readFileSync(output, 'utf8')) as RunResult;
    const seen = JSON.stringify({
      partial: result.partial,
      notes: result.notes,
      reasons: result.verdict.reasons,
    });
    assert.ok(result.phases.length >= 1, `what was measured is kept: ${seen}`);
    const without = result.phases[0]!.scenarios;
    assert.ok(
      without.some((s) => s.requests > 0),
      seen,
    );
    await assertAllCatalogueIndexesValid(url);
  } finally {
    embedded.stop();
  }
});
