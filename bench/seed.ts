// npm run bench:seed -- [--scale demo] [--seed 42] [--workers N] [--rounds 3] [--database-url URL | --home DIR --port N]
// Seeds a scale into a scratch database with the real CLI (`pgready seed`, a process of its own) and
// runs `pgbench -i` of similar heap volume into another, on the same server, in alternating rounds;
// prints the medians of the COPY phase and of the whole command (process start to exit), loaded heap
// bytes/s (pg_table_size ÷ time), the ratios and the seeding process's peak RSS; then times the
// unindexed outbound-history query. Each round also builds a statistical twin of the seeded database
// (`pgready seed --like`, same lead count) into a third database and compares its bytes/s with
// pgbench's of the same round: the twin's ratio beside the built-in seeder's.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/load.ts';
import { withClient } from '../src/db/connect.ts';
import { resolveTarget } from '../src/db/target.ts';
import { maskSecretsInText, withDatabase } from '../src/db/url.ts';
import type { SeedReport } from '../src/seed/types.ts';
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
    rounds: { type: 'string', default: '3' },
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
  /** Create + COPY. */
  loadMs: number;
  /** The whole command, process start to exit. */
  wholeMs: number;
  /** Peak resident set of the process (bytes), when measured. */
  peakRssBytes?: number;
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
    // On a shared machine the load of others swings between phases: alternate which goes first,
    // and report the median of each measure over the rounds.
    const rounds = Math.max(1, Number(values.rounds));
    const ours: LoadFigures[] = [];
    const theirs: LoadFigures[] = [];
    const twins: LoadFigures[] = [];
    const twinDb = `pgready_bench_twin_${stamp}`;
    const loads: string[] = [];
    let report: SeedReport | undefined;
    const seedUrl = withDatabase(admin, seedDb);
    for (let round = 0; round < rounds; round++) {
      await withClient(admin, async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${seedDb} WITH (FORCE)`);
        await c.query(`DROP DATABASE IF EXISTS ${benchDb} WITH (FORCE)`);
        await c.query(`CREATE DATABASE ${seedDb}`);
        await c.query(`CREATE DATABASE ${benchDb}`);
        await c.query(`DROP DATABASE IF EXISTS ${twinDb} WITH (FORCE)`);
        await c.query(`CREATE DATABASE ${twinDb}`);
      });
      const runOurs = async () => {
        await checkpoint(admin);
        const r = await runSeedCli(seedUrl);
        report = r.report;
        const mine: LoadFigures = {
          label: `pgready seed ${r.report.scale} (${r.report.workers} workers)`,
          rows: Object.values(r.report.rowCounts).reduce((a, b) => a + b, 0),
          bytes: Object.values(r.report.tableBytes).reduce((a, b) => a + b, 0),
          loadMs: r.report.timingsMs.load,
          wholeMs: r.wholeMs,
          peakRssBytes: r.peakRssBytes,
        };
        ours.push(mine);
        return mine;
      };
      const runTheirs = async (bytes: number) => {
        const scale = Math.max(1, Math.round(bytes / PGBENCH_BYTES_PER_SCALE));
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
          wholeMs: pg.wholeMs,
        };
        theirs.push(other);
        return other;
      };
      let mine: LoadFigures;
      let other: LoadFigures;
      if (round % 2 === 0 || theirs.length === 0) {
        mine = await runOurs();
        other = await runTheirs(mine.bytes);
      } else {
        other = await runTheirs(ours[0]!.bytes);
        mine = await runOurs();
      }
      await checkpoint(admin);
      const t = await runTwinCli(seedUrl, withDatabase(admin, twinDb), report!.leads);
      twins.push(t);
      console.log(
        `round ${round + 1}/${rounds}: twin COPY ${(t.loadMs / 1000).toFixed(1)} s, whole ${(t.wholeMs / 1000).toFixed(1)} s, peak RSS ${mib(t.peakRssBytes)}`,
      );
      loads.push(loadAverage());
      console.log(
        `round ${round + 1}/${rounds}: pgready COPY ${(mine.loadMs / 1000).toFixed(1)} s, whole ${(mine.wholeMs / 1000).toFixed(1)} s, peak RSS ${mib(mine.peakRssBytes)} · pgbench COPY ${(other.loadMs / 1000).toFixed(1)} s, whole ${(other.wholeMs / 1000).toFixed(1)} s (load average ${loads.at(-1)})`,
      );
    }
    if (!report) throw new Error('no round ran');
    const mineMedian = medianFigures(ours);
    const theirsMedian = medianFigures(theirs);
    console.log('');
    console.log(
      `medians of ${rounds} alternating round(s); COPY = create + COPY; whole = the command from start to exit:`,
    );
    const twinMedian = medianFigures(twins);
    for (const f of [mineMedian, theirsMedian, twinMedian]) print(f);
    const seedRatio = mineMedian.bytes / mineMedian.loadMs / (theirsMedian.bytes / theirsMedian.loadMs);
    const twinRatio = twinMedian.bytes / twinMedian.loadMs / (theirsMedian.bytes / theirsMedian.loadMs);
    console.log(
      `twin: COPY bytes/s ÷ pgbench ${twinRatio.toFixed(2)}× against the seeder's ${seedRatio.toFixed(2)}× = ${(twinRatio / seedRatio).toFixed(2)} of it (goal ≥ 0.9); peak RSS median ${mib(twinMedian.peakRssBytes)}, max ${mib(Math.max(...twins.map((f) => f.peakRssBytes ?? 0)))} (goal < 300 MiB)`,
    );
    console.log(
      `ratio pgready/pgbench in loaded heap bytes/s: COPY ${ratio(mineMedian.bytes / mineMedian.loadMs, theirsMedian.bytes / theirsMedian.loadMs)}, whole command ${ratio(mineMedian.bytes / mineMedian.wholeMs, theirsMedian.bytes / theirsMedian.wholeMs)} (goal ≥ 0.8×)`,
    );
    console.log(
      `peak RSS of the seeding process: median ${mib(mineMedian.peakRssBytes)}, max ${mib(Math.max(...ours.map((f) => f.peakRssBytes ?? 0)))} (goal < 300 MiB)`,
    );
    console.log(`machine load average (1/5/15 min) after each round: ${loads.join(' | ')}`);

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
      await c.query(`DROP DATABASE IF EXISTS pgready_bench_twin_${stamp} WITH (FORCE)`);
    }).catch((e) => console.error(`cleanup failed: ${maskSecretsInText(String(e))}`));
    await target.release();
  }
}

function print(f: LoadFigures): void {
  const mb = f.bytes / 2 ** 20;
  console.log(
    `  ${f.label.padEnd(34)} ${f.rows.toLocaleString('en-US').padStart(11)} rows ${mb.toFixed(0).padStart(6)} MiB | COPY ${(f.loadMs / 1000).toFixed(1).padStart(6)} s ${Math.round(
      (f.rows / f.loadMs) * 1000,
    )
      .toLocaleString('en-US')
      .padStart(
        10,
      )} rows/s ${((mb / f.loadMs) * 1000).toFixed(1).padStart(6)} MiB/s | whole ${(f.wholeMs / 1000).toFixed(1).padStart(6)} s ${((mb / f.wholeMs) * 1000).toFixed(1).padStart(6)} MiB/s${f.peakRssBytes ? ` | peak RSS ${mib(f.peakRssBytes)}` : ''}`,
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function medianFigures(figures: LoadFigures[]): LoadFigures {
  const rss = figures.map((f) => f.peakRssBytes).filter((x): x is number => x !== undefined);
  return {
    label: figures[0]!.label,
    rows: figures[0]!.rows,
    bytes: median(figures.map((f) => f.bytes)),
    loadMs: median(figures.map((f) => f.loadMs)),
    wholeMs: median(figures.map((f) => f.wholeMs)),
    ...(rss.length ? { peakRssBytes: median(rss) } : {}),
  };
}

function mib(bytes: number | undefined): string {
  return bytes === undefined ? 'n/a' : `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

/**
 * Runs `pgready seed` as its own process (the URL in its environment, never on its command line);
 * the peak RSS is the kernel's high-water mark (VmHWM, worker threads included), polled until exit.
 */
function runSeedCli(url: string): Promise<{ report: SeedReport; wholeMs: number; peakRssBytes: number }> {
  const args = [
    new URL('../bin/pgready.js', import.meta.url).pathname,
    'seed',
    '--scale',
    values.scale!,
    '--seed',
    values.seed!,
    '--json',
    '--no-progress',
    ...(values.workers !== undefined ? ['--workers', values.workers] : []),
  ];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      env: { ...process.env, DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let peakKb = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {}
    }, 20);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      const wholeMs = performance.now() - started;
      if (code !== 0)
        return reject(new UserError(`pgready seed failed (${code}): ${maskSecretsInText(err.trim())}`));
      resolve({ report: JSON.parse(out) as SeedReport, wholeMs, peakRssBytes: peakKb * 1024 });
    });
  });
}

/** `pgready seed --like` of the seeded database, as its own process (URLs in its environment). */
function runTwinCli(sourceUrl: string, twinUrl: string, leads: number): Promise<LoadFigures> {
  const args = [
    new URL('../bin/pgready.js', import.meta.url).pathname,
    'seed',
    '--like',
    sourceUrl,
    '--rows',
    `leads=${leads}`,
    '--seed',
    values.seed!,
    '--json',
    '--no-progress',
    ...(values.workers !== undefined ? ['--workers', values.workers] : []),
  ];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      env: { ...process.env, DATABASE_URL: twinUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let peakKb = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {}
    }, 20);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      const wholeMs = performance.now() - started;
      if (code !== 0)
        return reject(
          new UserError(`pgready seed --like failed (${code}): ${maskSecretsInText(err.trim())}`),
        );
      const r = JSON.parse(out) as {
        tables: { twinRows: number; twinBytes: number }[];
        timingsMs: { load: number };
      };
      resolve({
        label: 'pgready seed --like (twin)',
        rows: r.tables.reduce((a, t) => a + t.twinRows, 0),
        bytes: r.tables.reduce((a, t) => a + t.twinBytes, 0),
        loadMs: r.timingsMs.load,
        wholeMs,
        peakRssBytes: peakKb * 1024,
      });
    });
  });
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
): Promise<{ loadMs: number; wholeMs: number; summary: string }> {
  const env = pgbenchEnv(url);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(bin, ['-i', '-s', String(scale), '-q'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (e) => reject(new UserError(`cannot run ${bin}: ${e.message}; pass --pgbench PATH`)));
    child.on('close', (code) => {
      const wholeMs = performance.now() - started;
      if (code !== 0)
        return reject(new UserError(`pgbench -i failed (${code}): ${maskSecretsInText(out.trim())}`));
      const line = out.split('\n').find((l) => l.startsWith('done in')) ?? '';
      const step = (name: string) => Number(new RegExp(`${name} ([0-9.]+) s`).exec(line)?.[1] ?? 0) * 1000;
      resolve({
        loadMs: step('create tables') + step('client-side generate'),
        wholeMs,
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
