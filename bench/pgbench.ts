/**
 * Runs /usr/bin/pgbench against a URL (password through PGPASSWORD, never on the command line)
 * and reads its summary, its client CPU (bash `times`) and, with `--log`, its per-transaction log.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PgbenchResult {
  tps: number;
  transactions: number;
  /** Client CPU of pgbench (user + system), ms. */
  cpuMs: number;
  /** Per-transaction latencies from the log (µs, from the scheduled start under -R), if logged. */
  latenciesUs: number[];
  output: string;
}

export function pgbenchEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  return {
    ...process.env,
    PGHOST: u.hostname,
    PGPORT: u.port || '5432',
    PGUSER: decodeURIComponent(u.username),
    PGPASSWORD: decodeURIComponent(u.password),
    PGDATABASE: decodeURIComponent(u.pathname.slice(1)),
    PGAPPNAME: 'pgbench',
  };
}

function seconds(text: string): number {
  const m = /(\d+)m([\d.]+)s/.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
}

/**
 * `script` is the SQL of one transaction; `args` the rest (-c, -j, -T, -M, -R…). With `log`,
 * transactions in the first `warmupSec` seconds are left out. `pgOptions` become PGOPTIONS
 * (`-c name=value` session settings, as pgready's `sessionSettings`).
 */
export function runPgbench(
  url: string,
  script: string,
  args: string[],
  options: { log?: boolean; warmupSec?: number; pgOptions?: string } = {},
): PgbenchResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgready-pgbench-'));
  try {
    const file = path.join(dir, 'script.sql');
    fs.writeFileSync(file, `${script}\n`);
    const logArgs = options.log ? ['--log', `--log-prefix=${path.join(dir, 'log')}`] : [];
    const quoted = ['/usr/bin/pgbench', '-n', '-f', file, ...logArgs, ...args].map(
      (a) => `'${a.replace(/'/g, "'\\''")}'`,
    );
    const run = spawnSync(
      'bash',
      ['-c', `cd '${dir}' && ${quoted.join(' ')}; status=$?; times; exit $status`],
      {
        env: { ...pgbenchEnv(url), ...(options.pgOptions ? { PGOPTIONS: options.pgOptions } : {}) },
        encoding: 'utf8',
      },
    );
    const output = `${run.stdout}${run.stderr}`;
    if (run.status !== 0) throw new Error(`pgbench failed (${run.status}): ${output.slice(-2000)}`);
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(output)?.[1] ?? Number.NaN);
    const transactions = Number(/number of transactions actually processed: (\d+)/.exec(output)?.[1] ?? 0);
    // `times` prints the shell's then its children's user/system times; the last line is pgbench.
    const timesLines = run.stdout
      .trim()
      .split('\n')
      .filter((l) => /^\d+m[\d.]+s \d+m[\d.]+s$/.test(l.trim()));
    const children = timesLines.at(-1)?.trim().split(' ') ?? [];
    const cpuMs = (seconds(children[0] ?? '') + seconds(children[1] ?? '')) * 1000;
    const latenciesUs: number[] = [];
    if (options.log) {
      let firstEpoch = Number.POSITIVE_INFINITY;
      const rows: [number, number][] = [];
      for (const name of fs.readdirSync(dir).filter((n) => n.startsWith('log.'))) {
        for (const line of fs.readFileSync(path.join(dir, name), 'utf8').split('\n')) {
          // client_id transaction_no time script_no time_epoch time_us [schedule_lag]
          const parts = line.trim().split(/\s+/);
          if (parts.length < 6) continue;
          const epoch = Number(parts[4]);
          firstEpoch = Math.min(firstEpoch, epoch);
          rows.push([epoch, Number(parts[2])]);
        }
      }
      const from = firstEpoch + (options.warmupSec ?? 0);
      for (const [epoch, us] of rows) if (epoch >= from) latenciesUs.push(us);
    }
    return { tps, transactions, cpuMs, latenciesUs, output };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Exact percentile of raw values (pgbench's log), nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
