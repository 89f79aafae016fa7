// Faults injected into real runs, one after another, and what came of each: how many requests the
// fault affected (failures by SQLSTATE), whether the result was kept, whether every catalogue index
// is back and valid. The figures of the closing note; not a test (the tests assert the rules).
// Usage: npm run bench:faults -- [--database-url URL]   (default: the system PostgreSQL 15)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { INDEX_CATALOGUE } from '../seed/catalogue.ts';
import { withDatabase } from '../src/db/url.ts';
import type { RunResult } from '../src/results/types.ts';
import { seedDatabase } from '../src/seed/seed.ts';
import { maskUrl } from '../src/util/mask.ts';

const BIN = fileURLToPath(new URL('../bin/pgready.js', import.meta.url));
const argv = process.argv.slice(2);
const admin = argv[argv.indexOf('--database-url') + 1] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgready-faults-bench-'));
// A production-shaped pool scaled down so the system server's 100 connections hold it.
const config = path.join(dir, 'pgready.config.json');
fs.writeFileSync(config, JSON.stringify({ pool: { pool_size: 4, max_overflow: 6 } }));

async function q<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (const started = Date.now(); Date.now() - started < 60_000; ) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    await sleep(20);
  }
  throw new Error('the fault could not be injected within 60 s (the run never reached its moment)');
}

function run(url: string, out: string, extra: string[] = []) {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'run',
      '--database-url',
      url,
      '--config',
      config,
      '--phases',
      'without,with',
      '--duration',
      '4s',
      '--warmup',
      '0s',
      '--rate',
      '40',
      '--instances',
      '1',
      '--baseline',
      '0',
      '--no-progress',
      '-o',
      out,
      'lead-dashboard-ranking',
      'outbound-history',
      ...extra,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  return new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stderr })),
  );
}

const dropped = (url: string) => async () =>
  (await q(url, `SELECT 1 FROM pg_class WHERE relname = ANY($1)`, [INDEX_CATALOGUE.map((i) => i.name)]))
    .length === 0
    ? true
    : undefined;

type Fault = { name: string; inject: (url: string) => Promise<void>; extra?: string[] };
const faults: Fault[] = [
  {
    name: 'control connection terminated mid-load',
    inject: async (url) => {
      await until(dropped(url));
      await sleep(1500);
      await q(
        url,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'pgready run on %' AND datname = current_database()",
      );
    },
  },
  {
    name: 'load backends terminated mid-load',
    inject: async (url) => {
      await until(dropped(url));
      await sleep(1500);
      await q(
        url,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'pgready' AND datname = current_database() AND pid <> pg_backend_pid()",
      );
    },
  },
  {
    name: 'CREATE INDEX CONCURRENTLY killed during the rebuild',
    inject: async (url) => {
      await until(dropped(url));
      const w = new pg.Client({ connectionString: url });
      await w.connect();
      await w.query('BEGIN');
      await w.query('UPDATE leads SET score = score WHERE id = 1');
      const [b] = await until(async () => {
        const r = await q<{ pid: number }>(
          url,
          "SELECT pid FROM pg_stat_activity WHERE query ILIKE 'CREATE INDEX CONCURRENTLY%' AND wait_event_type = 'Lock'",
        );
        return r.length ? r : undefined;
      });
      await q(url, 'SELECT pg_terminate_backend($1)', [b!.pid]);
      await sleep(300);
      await w.query('COMMIT');
      await w.end();
    },
  },
  {
    name: 'a reader holding a lock for 3 s while indexes are dropped',
    extra: ['--lock-timeout', '1s'],
    inject: async (url) => {
      const r = new pg.Client({ connectionString: url, application_name: 'dashboard' });
      await r.connect();
      await r.query('BEGIN');
      await r.query('SELECT count(*) FROM leads');
      await sleep(3000);
      await r.query('COMMIT');
      await r.end();
    },
  },
];

const rows: string[][] = [];
for (const fault of faults) {
  const name = `pgready_faults_${process.pid}_${rows.length}`;
  await q(admin, `CREATE DATABASE ${name}`);
  const url = withDatabase(admin, name);
  try {
    await seedDatabase(url, { scale: 'tiny', seed: 1, withIndexes: true, workers: 0 });
    const out = path.join(dir, `${name}.json`);
    const running = run(url, out, fault.extra);
    await fault.inject(url).catch(async (error: unknown) => {
      const r = await running;
      throw new Error(`${fault.name}: ${(error as Error).message}; the run said: ${r.stderr}`);
    });
    const { code, stderr } = await running;
    const kept = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as RunResult) : undefined;
    const scenarios = kept?.phases.flatMap((p) => p.scenarios) ?? [];
    const requests = scenarios.reduce((n, s) => n + s.requests, 0);
    const failed = scenarios.flatMap((s) => Object.entries(s.errorsByCode));
    const byCode = new Map<string, number>();
    for (const [c, n] of failed) byCode.set(c, (byCode.get(c) ?? 0) + n);
    const valid = await q<{ n: number }>(
      url,
      `SELECT count(*)::int AS n FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = ANY($1) AND i.indisvalid`,
      [INDEX_CATALOGUE.map((i) => i.name)],
    );
    const invalid = await q<{ n: number }>(
      url,
      'SELECT count(*)::int AS n FROM pg_index WHERE NOT indisvalid',
    );
    const waited = /has waited [^,]+, held by pid \d+/.exec(stderr)?.[0];
    rows.push([
      fault.name,
      `${[...byCode].map(([c, n]) => `${n} × ${c}`).join(', ') || 'none'} of ${requests}${waited ? ` (${waited})` : ''}`,
      kept
        ? `yes (exit ${code}${kept.partial ? ', partial' : ''}; phases ${kept.phases.map((p) => p.name).join(', ')})`
        : `no (exit ${code})`,
      `${valid[0]!.n} of ${INDEX_CATALOGUE.length} valid, ${invalid[0]!.n} INVALID`,
    ]);
  } finally {
    await q(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}
fs.rmSync(dir, { recursive: true, force: true });
console.log(
  `faults injected into pgready run (tiny scale, open model 40/s, 4 s per scenario) on ${maskUrl(admin)}\n`,
);
console.log('| Fault | Requests affected | Result kept | Indexes afterwards |\n|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
