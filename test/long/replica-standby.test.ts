import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { checkOwnership } from '../../src/db/ownership.ts';
import { ReplicaSet } from '../../src/db/replica/standby.ts';
import { ReplicationLagSampler } from '../../src/inspect/replication-lag.ts';
import { resolveLoad } from '../../src/load/load-options.ts';
import { runLoad } from '../../src/load/run-load.ts';
import { runCli } from '../helpers/cli.ts';
import { adminQuery, startTempEmbedded } from '../helpers/db.ts';
import { fixtureScenario, smallPool } from '../helpers/runner.ts';
import { waitFor } from '../helpers/wait.ts';

let primary: Awaited<ReturnType<typeof startTempEmbedded>>;
let replicas: ReplicaSet;
const said: string[] = [];

before(async () => {
  primary = await startTempEmbedded();
  replicas = new ReplicaSet(primary.server, (line) => said.push(line));
});
after(async () => {
  await replicas.stop().catch(() => {});
  primary.stop();
});

async function standbyCommits(url: string): Promise<number> {
  const { rows } = await adminQuery(
    url,
    'SELECT xact_commit::int8 AS n FROM pg_stat_database WHERE datname = current_database()',
  );
  return Number(rows[0].n);
}

test('a standby of the embedded server: made, streams a row, serves routed reads, reports lag, removed', async () => {
  const made = await replicas.start(1);
  assert.equal(made.length, 1);
  assert.ok(
    said.some((l) => /wal_level minimal → replica/.test(l)),
    'the restart was said',
  );
  const primaryUrl = primary.server.url();
  const standbyUrl = replicas.url(1);
  assert.equal((await adminQuery(standbyUrl, 'SELECT pg_is_in_recovery() AS r')).rows[0].r, true);

  // A row written on the primary arrives on the standby.
  await adminQuery(
    primaryUrl,
    'CREATE TABLE replica_probe (id int PRIMARY KEY); INSERT INTO replica_probe VALUES (42)',
  );
  let seen = 0;
  for (let i = 0; i < 300 && seen === 0; i++) {
    seen = (
      await adminQuery(standbyUrl, "SELECT count(*)::int AS n FROM pg_class WHERE relname = 'replica_probe'")
    ).rows[0].n;
    if (seen)
      seen = (await adminQuery(standbyUrl, 'SELECT count(*)::int AS n FROM replica_probe WHERE id = 42'))
        .rows[0].n;
    else await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(seen, 1, 'the row reached the standby');

  // A standby carries the primary's bytes, but is never owned.
  const client = new pg.Client({ connectionString: standbyUrl });
  await client.connect();
  try {
    const ownership = await checkOwnership(client, { production: false });
    assert.equal(ownership.owned, false);
    assert.match(ownership.reason, /standby \(in recovery\)/);
  } finally {
    await client.end();
  }

  // Reads are routed to the standby while lag is sampled.
  const lag = new ReplicationLagSampler(primaryUrl, [standbyUrl]);
  await lag.start();
  const before = await standbyCommits(standbyUrl);
  const [outcome] = await runLoad({
    url: primaryUrl,
    readUrls: [standbyUrl],
    scenarios: [fixtureScenario('select-one')],
    mixed: false,
    pool: smallPool(),
    load: resolveLoad({
      model: 'closed',
      vus: 2,
      thinkTimeMs: 0,
      instances: 1,
      durationMs: 1_500,
      warmupMs: 200,
    }),
    phase: 'with',
  });
  // Lag made on purpose: replay paused on the standby, rows written on the primary, and the sampler's
  // next sample waited for (its standby query seen finished in pg_stat_activity after the WAL arrived).
  await adminQuery(standbyUrl, 'SELECT pg_wal_replay_pause()');
  try {
    await adminQuery(primaryUrl, 'INSERT INTO replica_probe SELECT g FROM generate_series(100, 2000) g');
    const { lsn } = (await adminQuery(primaryUrl, 'SELECT pg_current_wal_lsn()::text AS lsn')).rows[0];
    const arrived = await waitFor('the WAL received, not replayed', async () => {
      const { rows } = await adminQuery(
        standbyUrl,
        'SELECT pg_last_wal_receive_lsn() >= $1::pg_lsn AS got, clock_timestamp() AS at',
        [lsn],
      );
      return rows[0].got ? (rows[0].at as Date) : undefined;
    });
    // Two standby samples after it: the second one's whole sample (the primary's part included,
    // which may run before the standby's) was taken after the WAL arrived.
    let since: Date = arrived;
    for (const which of ['a lag sample taken after it', 'a second one']) {
      since = await waitFor(which, async () => {
        const { rows } = await adminQuery(
          standbyUrl,
          `SELECT max(state_change) AS at FROM pg_stat_activity
            WHERE query LIKE 'SELECT pg\\_wal\\_lsn\\_diff(pg\\_last\\_wal\\_receive\\_lsn()%' AND state = 'idle' AND state_change > $1`,
          [since],
        );
        return (rows[0].at as Date | null) ?? undefined;
      });
    }
  } finally {
    await adminQuery(standbyUrl, 'SELECT pg_wal_replay_resume()');
  }
  const summary = await lag.stop(true);
  const after = await standbyCommits(standbyUrl);
  assert.ok(outcome && outcome.requests > 0 && outcome.errors === 0);
  assert.ok(
    after - before >= outcome.requests,
    `standby commits ${after - before} < requests ${outcome.requests}`,
  );
  assert.equal(summary.standbys.length, 1);
  assert.equal(summary.standbys[0]!.name, 'pgready_replica_1');
  const sampled = summary.standbys[0]!;
  assert.ok(sampled.samples >= 1);
  // The paused replay shows as lag: on the primary (WAL not replayed) and on the standby (received, not applied).
  assert.ok(sampled.replayLagBytes.max > 0, `replay lag ${JSON.stringify(sampled.replayLagBytes)}`);
  assert.ok(sampled.applyBacklogBytes.max > 0, `apply backlog ${JSON.stringify(sampled.applyBacklogBytes)}`);
  for (const series of [sampled.replayLagBytes, sampled.applyBacklogBytes, sampled.stalenessMs])
    assert.ok(
      0 <= series.p50 && series.p50 <= series.p95 && series.p95 <= series.max,
      JSON.stringify(series),
    );
  assert.match(summary.note, /share one host/);

  // db replica status / url through the CLI, then stop.
  const status = await runCli(['db', 'replica', 'status', '--home', primary.home]);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /replica 1: port \d+, running, in recovery/);
  const dataDir = replicas.list()[0]!.dataDir;
  const removed = await replicas.stop();
  assert.equal(removed, 1);
  assert.equal(replicas.list().length, 0);
  assert.equal(fs.existsSync(dataDir), false);
  assert.equal((await adminQuery(primary.server.url(), 'SHOW wal_level')).rows[0].wal_level, 'minimal');
});

test('--replica-url that is unreachable or not a standby exits 2 with one clear message', async () => {
  const primaryUrl = primary.server.url();
  const notStandby = await runCli([
    'capacity',
    '--database-url',
    primaryUrl,
    '--replica-url',
    primaryUrl,
    '--vus-steps',
    '1,2',
  ]);
  assert.equal(notStandby.code, 2, notStandby.stderr);
  assert.match(notStandby.stderr, /is not a standby \(pg_is_in_recovery\(\) is false\)/);
  assert.doesNotMatch(notStandby.stderr, /postgres:[^*@]+@/, 'the password is masked');
  const unreachable = await runCli([
    'run',
    '--database-url',
    primaryUrl,
    '--replica-url',
    'postgresql://postgres@127.0.0.1:1/none',
    '--phases',
    'with',
  ]);
  assert.equal(unreachable.code, 2, unreachable.stderr);
  assert.equal(unreachable.stderr.trim().split('\n').length, 1, unreachable.stderr);
});
