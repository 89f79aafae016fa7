// Faults during a run: the control connection's backend terminated, a concurrent index rebuild
// killed half-way, the server restarted. Each time the run keeps what it measured, reconnects for
// what it still needs (restoring the indexes above all), saves its result, and afterwards every
// catalogue index is present and valid — none INVALID.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { withDatabase } from '../../src/db/url.ts';
import type { RunResult } from '../../src/results/types.ts';
import { seedDatabase } from '../../src/seed/seed.ts';
import { CATALOGUE_NAMES, indexStates } from '../helpers/catalog.ts';
import { startCli } from '../helpers/cli.ts';
import { adminQuery, createTestDatabase, startTempEmbedded, type TestDatabase } from '../helpers/db.ts';
import { quickRunFlags, smallPoolConfig } from '../helpers/run-setup.ts';
import { tempDir } from '../helpers/temp.ts';
import { assertSpeedVerdict } from '../helpers/verdict.ts';
import { waitFor } from '../helpers/wait.ts';

const config = smallPoolConfig();
const dir = tempDir('pgready-faults-');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Starts `pgready run` without → with, printing its interval lines; `-o output` when it ends. */
function startRun(
  url: string,
  output: string,
  durationS = 4,
  scenarios = ['lead-dashboard-ranking', 'outbound-history'],
) {
  return startCli(
    [
      'run',
      '--database-url',
      url,
      ...quickRunFlags({ phases: 'without,with', duration: `${durationS}s`, config, progress: true }),
      '-o',
      output,
      ...scenarios,
    ],
    { timeoutMs: 240_000 },
  );
}

/** Terminates one backend, and says that it did. */
async function terminate(url: string, pid: number): Promise<void> {
  const { rows } = await adminQuery(url, 'SELECT pg_terminate_backend($1) AS done', [pid]);
  assert.equal(rows[0].done, true, `pg_terminate_backend(${pid})`);
}

async function assertAllCatalogueIndexesValid(url: string) {
  assert.deepEqual(
    await indexStates(url),
    [...CATALOGUE_NAMES].sort().map((name) => ({ name, valid: true })),
  );
}

const indexesDropped = async (url: string) => ((await indexStates(url)).length === 0 ? true : undefined);

/** SQLSTATEs and client codes of a connection lost or refused while the server restarts. */
const CONNECTION_LOSS = /^(57P0[123]|08\w{3}|CONNECTION_LOST|ECONN(REFUSED|RESET)|EPIPE)$/;

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
  const control = await waitFor('the control session', async () => {
    const { rows } = await adminQuery(
      db.url,
      "SELECT pid FROM pg_stat_activity WHERE application_name LIKE 'pgready run on %' AND datname = current_database()",
    );
    return rows[0]?.pid as number | undefined;
  });
  await terminate(db.url, control);
  const { code, stdout } = await run.done;
  const result = JSON.parse(fs.readFileSync(output, 'utf8')) as RunResult;
  // The load's own connections never noticed: its verdict is the machine's speed alone.
  assertSpeedVerdict(code, result.verdict, stdout);
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
    const build = await waitFor('a waiting CREATE INDEX CONCURRENTLY', async () => {
      const { rows } = await adminQuery(
        db.url,
        `SELECT pid FROM pg_stat_activity
          WHERE query ILIKE 'CREATE INDEX CONCURRENTLY%' AND datname = current_database() AND wait_event_type = 'Lock'`,
      );
      return rows[0]?.pid as number | undefined;
    });
    await terminate(db.url, build);
    await waitFor('the killed build gone', async () => {
      const { rows } = await adminQuery(db.url, 'SELECT 1 FROM pg_stat_activity WHERE pid = $1', [build]);
      return rows.length === 0 ? true : undefined;
    });
  } finally {
    await writer.query('COMMIT');
    await writer.end();
  }
  const { code, stderr } = await run.done;
  assert.ok(code === 0 || code === 1, `exit ${code}: ${stderr}`);
  assert.ok(fs.existsSync(output), 'the result is saved');
  const saved = JSON.parse(fs.readFileSync(output, 'utf8')) as RunResult;
  assert.equal(saved.verdict.ready, code === 0, 'the exit code is the verdict');
  await assertAllCatalogueIndexesValid(db.url);
});

test('a server restart mid-run: the result is kept, the errors counted, the indexes back', async () => {
  const embedded = await startTempEmbedded();
  try {
    const url = withDatabase(embedded.server.url('postgres'), 'postgres');
    await seedDatabase(url, { scale: 'tiny', seed: 12, withIndexes: true, workers: 0 });
    const output = path.join(dir, 'restart.json');
    // One scenario for 8 s: its first interval line comes at 1 s, so the restart falls inside its load
    // even when a busy machine delivers that line seconds late.
    const run = startRun(url, output, 8, ['lead-dashboard-ranking']);
    await waitFor('the without phase', () => indexesDropped(url));
    // Once the load runs (its first interval line is printed), its queries fail while the server is down.
    await run.waitFor(/^without [a-z-]+ 1 s: /m);
    embedded.server.stop();
    await embedded.server.start();
    const { code, stderr } = await run.done;
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
    // The errors counted, by the code a lost connection gives.
    const scenarios = result.phases.flatMap((p) => p.scenarios);
    const errors = scenarios.reduce((n, s) => n + s.errors, 0);
    const codes = [...new Set(scenarios.flatMap((s) => Object.keys(s.errorsByCode)))];
    assert.ok(errors > 0, `the restart's failed queries are counted: ${seen}`);
    assert.ok(
      codes.some((c) => CONNECTION_LOSS.test(c)),
      `a connection-loss code among ${codes.join(', ')}`,
    );
    // Errors in the "without" phase are the before's and not judged; the exit code is the verdict.
    assert.ok(code === 0 || code === 1, `exit ${code}: ${stderr}`);
    assert.equal(result.verdict.ready, code === 0, seen);
    await assertAllCatalogueIndexesValid(url);
  } finally {
    embedded.stop();
  }
});
