// npm run bench:seed -- [--scale demo] [--seed 42] [--workers N] [--rounds N] [--database-url URL | --home DIR --port N]
// Seeds a scale into a scratch database and runs `pgbench -i` of similar heap volume into another,
// on the same server with the same settings, in the same run; prints rows/s, loaded heap bytes/s
// (pg_table_size ÷ time) and the ratios; then times the unindexed outbound-history query.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/load.ts';
import { withClient } from '../src/db/connect.ts';
import { resolveTarget } from '../src/db/target.ts';
import { maskSecretsInText, withDatabase } from '../src/db/url.ts';
import { seedDatabase } from '../src/seed/seed.ts';
import { UserError } from '../src/util/errors.ts';
import { pgbenchEnv } from './pgbench.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'demo' },
    seed: { type: 'string', default: '42' },
    workers: { type: 'string' },
    'database-url': { type: 'string' },
    home: { type: 'string' },
    port: { type: 'string' },
    pgbench: { type: 'string', default: '/usr/bin/pgbench' },
    rounds: { type: 'string', default: '1' },
    'query-samples': { type: 'string', default: '7' },
  },
});

/** Heap of one pgbench scale unit (pgbench_accounts 100k rows + branches/tellers), for sizing. */
const PGBENCH_BYTES_PER_SCALE = 13.5 * 2 ** 20;
const OUTBOUND_QUERY =
  "SELECT * FROM communication_logs WHERE lead_id = $1 AND direction = 'outbound' ORDER BY sent_at DESC LIMIT 20";

interface LoadFigures {
  label: string;
  rows: number;
  bytes: number;
  loadMs: number;
  totalMs: number;
}

async function main(): Promise<void> {
  const { config } = await loadConfig();
  const target = await resolveTarget(
    {
      ...(values['database-url'] ? { databaseUrl: values['database-url'] } : {}),
      ...(values.home ? { home: values.home } : {}),
      ...(values.port ? { port: Number(values.port) } : {}),
    },
    config,
  );
  const stamp = `${Date.now()}_${process.pid}`;
  const seedDb = `pgready_bench_seed_${stamp}`;
  const benchDb = `pgready_bench_pgbench_${stamp}`;
  const admin = target.url;
  try {
    const server = await withClient(admin, async (c) => {
      const r = await c.query<{ v: string; wal: string; sb: string }>(
        "SELECT current_setting('server_version') AS v, current_setting('wal_level') AS wal, current_setting('shared_buffers') AS sb",
      );
      return r.rows[0]!;
    });
    console.log(
      `server: PostgreSQL ${server.v} at ${target.displayUrl} (wal_level=${server.wal}, shared_buffers=${server.sb})`,
    );
    // On a shared machine the load of others swings between phases: run alternating rounds and
    // keep the best of each (the least-disturbed figure), as benchmark harnesses usually do.
    const rounds = Math.max(1, Number(values.rounds));
    let ours: LoadFigures | undefined;
    let theirs: LoadFigures | undefined;
    let report: Awaited<ReturnType<typeof seedDatabase>> | undefined;
    let pgSummary = '';
    const seedUrl = withDatabase(admin, seedDb);
    for (let round = 0; round < rounds; round++) {
      await withClient(admin, async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${seedDb} WITH (FORCE)`);
        await c.query(`DROP DATABASE IF EXISTS ${benchDb} WITH (FORCE)`);
        await c.query(`CREATE DATABASE ${seedDb}`);
        await c.query(`CREATE DATABASE ${benchDb}`);
      });
      await checkpoint(admin);
      report = await seedDatabase(seedUrl, {
        scale: values.scale!,
        seed: Number(values.seed),
        ...(values.workers !== undefined ? { workers: Number(values.workers) } : {}),
      });
      const seedRows = Object.values(report.rowCounts).reduce((a, b) => a + b, 0);
      const seedBytes = Object.values(report.tableBytes).reduce((a, b) => a + b, 0);
      const mine: LoadFigures = {
        label: `pgready seed ${report.scale} (${report.workers} workers)`,
        rows: seedRows,
        bytes: seedBytes,
        loadMs: report.timingsMs.load,
        totalMs: report.timingsMs.load + report.timingsMs.keys + report.timingsMs.vacuum,
      };
      if (!ours || mine.loadMs < ours.loadMs) ours = mine;

      const scale = Math.max(1, Math.round(seedBytes / PGBENCH_BYTES_PER_SCALE));
      await checkpoint(admin);
      const pg = await runPgbench(values.pgbench!, withDatabase(admin, benchDb), scale);
      const pgBytes = await withClient(withDatabase(admin, benchDb), async (c) => {
        const r = await c.query<{ b: string }>(
          "SELECT sum(pg_table_size(c.oid))::bigint AS b FROM pg_class c WHERE c.relname IN ('pgbench_accounts','pgbench_branches','pgbench_tellers','pgbench_history')",
        );
        return Number(r.rows[0]!.b);
      });
      const other: LoadFigures = {
        label: `pgbench -i -s ${scale}`,
        rows: scale * 100_000 + scale * 11,
        bytes: pgBytes,
        loadMs: pg.loadMs,
        totalMs: pg.loadMs + pg.vacuumMs + pg.keysMs,
      };
      if (!theirs || other.loadMs < theirs.loadMs) {
        theirs = other;
        pgSummary = pg.summary;
      }
      const load = await withClient(admin, (c) => c.query<{ l: string }>('SELECT 1 AS l')).then(() =>
        loadAverage(),
      );
      console.log(
        `round ${round + 1}/${rounds}: pgready load ${(mine.loadMs / 1000).toFixed(1)} s, pgbench load ${(other.loadMs / 1000).toFixed(1)} s (machine load average ${load})`,
      );
    }
    if (!ours || !theirs || !report) throw new Error('no round ran');
    console.log('');
    console.log('data load (create + COPY), then total (+ primary/foreign keys + VACUUM [ANALYZE]):');
    for (const f of [ours, theirs]) print(f);
    console.log(
      `ratio pgready/pgbench: load bytes/s ${ratio(ours.bytes / ours.loadMs, theirs.bytes / theirs.loadMs)}, load rows/s ${ratio(ours.rows / ours.loadMs, theirs.rows / theirs.loadMs)}, total bytes/s ${ratio(ours.bytes / ours.totalMs, theirs.bytes / theirs.totalMs)}`,
    );
    console.log(`(best pgbench round: ${pgSummary})`);

    const timings = await outboundQueryMs(seedUrl, Number(values['query-samples']), report.leads);
    const sorted = [...timings].sort((a, b) => a - b);
    console.log('');
    console.log(
      `unindexed outbound-history query at scale ${report.scale} (${report.rowCounts.communication_logs.toLocaleString('en-US')} communication logs): median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, min ${sorted[0]!.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms over ${sorted.length} leads (after one warm-up)`,
    );
  } finally {
    await withClient(admin, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${seedDb} WITH (FORCE)`);
      await c.query(`DROP DATABASE IF EXISTS ${benchDb} WITH (FORCE)`);
    }).catch((e) => console.error(`cleanup failed: ${maskSecretsInText(String(e))}`));
    await target.release();
  }
}

function print(f: LoadFigures): void {
  const mb = f.bytes / 2 ** 20;
  console.log(
    `  ${f.label.padEnd(34)} ${f.rows.toLocaleString('en-US').padStart(11)} rows ${mb.toFixed(0).padStart(6)} MiB | load ${(f.loadMs / 1000).toFixed(1).padStart(6)} s ${Math.round(
      (f.rows / f.loadMs) * 1000,
    )
      .toLocaleString('en-US')
      .padStart(
        10,
      )} rows/s ${((mb / f.loadMs) * 1000).toFixed(1).padStart(6)} MiB/s | total ${(f.totalMs / 1000).toFixed(1).padStart(6)} s ${((mb / f.totalMs) * 1000).toFixed(1).padStart(6)} MiB/s`,
  );
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
}

function ratio(a: number, b: number): string {
  return `${(a / b).toFixed(2)}×`;
}

async function checkpoint(url: string): Promise<void> {
  await withClient(url, (c) => c.query('CHECKPOINT')).catch(() => {});
}

/** Runs `pgbench -i` and reads its own step timings ("done in … (drop tables …, client-side generate …)"). */
function runPgbench(
  bin: string,
  url: string,
  scale: number,
): Promise<{ loadMs: number; vacuumMs: number; keysMs: number; summary: string }> {
  const env = pgbenchEnv(url);
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['-i', '-s', String(scale), '-q'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (e) => reject(new UserError(`cannot run ${bin}: ${e.message}; pass --pgbench PATH`)));
    child.on('close', (code) => {
      if (code !== 0)
        return reject(new UserError(`pgbench -i failed (${code}): ${maskSecretsInText(out.trim())}`));
      const line = out.split('\n').find((l) => l.startsWith('done in')) ?? '';
      const step = (name: string) => Number(new RegExp(`${name} ([0-9.]+) s`).exec(line)?.[1] ?? 0) * 1000;
      resolve({
        loadMs: step('create tables') + step('client-side generate'),
        vacuumMs: step('vacuum'),
        keysMs: step('primary keys'),
        summary: line.trim(),
      });
    });
  });
}

/** Times the requirement's outbound-history query (no index: a scan of communication_logs). */
async function outboundQueryMs(url: string, samples: number, leads: number): Promise<number[]> {
  return withClient(url, async (c) => {
    await c.query(OUTBOUND_QUERY, [1]);
    const out: number[] = [];
    for (let i = 0; i < samples; i++) {
      const leadId = 1 + Math.floor(((i + 0.5) / samples) * leads);
      const t = performance.now();
      await c.query(OUTBOUND_QUERY, [leadId]);
      out.push(performance.now() - t);
    }
    return out;
  });
}

try {
  await main();
} catch (error) {
  console.error(`bench:seed: ${maskSecretsInText(error instanceof Error ? error.message : String(error))}`);
  process.exitCode = 2;
}
