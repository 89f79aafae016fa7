/**
 * `pgready checklist --run`: runs the stage's checks in order by running the very pgready
 * commands the checklist names (as child processes, JSON output), so each item is checked exactly
 * as a person would check it, and sums them up. The database is passed by environment
 * (`-e NAME`, or DATABASE_URL in the child's environment: never on a command line).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import type { ResolvedPoolOptions } from '../config/pool.ts';
import { checkConnectionBudget } from '../load/budget.ts';
import type { ChecklistOutcome, ChecklistStage, ChecklistSummary } from '../results/checklist.ts';
import type { RunResult } from '../results/types.ts';
import type { VerifyResult } from '../results/verify.ts';
import type { WarmupResult } from '../results/warmup.ts';
import { toError } from '../util/errors.ts';
import { fmtMs } from '../util/format.ts';
import { PACKAGE_ROOT } from '../util/modules.ts';
import { checklistItems } from './items.ts';

const BIN = fileURLToPath(new URL('bin/pgready.js', PACKAGE_ROOT));

export interface ChecklistRunOptions {
  stages: ChecklistStage[];
  scenarios: string[];
  url: string;
  displayUrl: string;
  environment?: string;
  configFile?: string;
  owned: boolean;
  ownershipReason: string;
  /** Measured time of the benchmark; the warmup and spot check scale from it. */
  durationMs: number;
  /** Open-model rate for the benchmark (default: run's own load). */
  ratePerSec?: number;
  reportsDir: string;
  pool: ResolvedPoolOptions;
  client: pg.ClientBase;
  onStep?: (message: string) => void;
}

interface Child {
  code: number | null;
  stdout: string;
  stderr: string;
}

export async function runChecklist(options: ChecklistRunOptions): Promise<ChecklistSummary> {
  const startedAt = new Date().toISOString();
  const cache = new Map<string, Promise<Child>>();
  const pgready = (args: string[]): Promise<Child> => {
    const key = args.join(' ');
    if (!cache.has(key)) {
      options.onStep?.(`pgready ${key}`);
      cache.set(key, spawnPgready(args, options));
    }
    return cache.get(key)!;
  };
  const seconds = (ms: number) => `${Math.max(1, Math.round(ms / 1000))}s`;
  const verify = async (probe: boolean) =>
    json<VerifyResult>(
      await pgready(['verify', ...options.scenarios, '--format', 'json', ...(probe ? [] : ['--no-probe'])]),
    );
  const benchArgs = [
    'run',
    ...options.scenarios,
    ...(options.owned ? [] : ['--phases', 'with']),
    '--duration',
    seconds(options.durationMs),
    '--warmup',
    '1s',
    ...(options.ratePerSec ? ['--rate', String(options.ratePerSec)] : []),
    '--json',
    '--no-progress',
    '--report',
    'markdown,html',
    '--reports-dir',
    options.reportsDir,
  ];
  const bench = async () => {
    const child = await pgready(benchArgs);
    return { result: json<RunResult>(child), files: wrote(child.stderr) };
  };
  const outcomes: ChecklistOutcome[] = [];
  for (const item of checklistItems(options.owned).filter((i) => options.stages.includes(i.stage))) {
    const done = (state: ChecklistOutcome['state'], detail: string) => outcomes.push({ item, state, detail });
    try {
      switch (item.check) {
        case 'verify': {
          const v = await verify(true);
          done(
            v.verdict.ready ? 'PASS' : 'FAIL',
            v.verdict.ready
              ? 'ENTERPRISE READY: indexes, plans and probe within targets'
              : `NOT READY: ${v.verdict.reasons.slice(0, 3).join('; ')}`,
          );
          break;
        }
        case 'fix':
        case 'indexes': {
          const v = await verify(item.check === 'fix');
          const bad = v.indexes.filter((i) => !(i.state === 'ok' || i.state === 'renamed'));
          done(
            bad.length === 0 ? 'PASS' : 'FAIL',
            bad.length === 0
              ? `${v.indexes.length} of ${v.indexes.length} catalogue indexes present and valid${item.check === 'fix' ? ': nothing to apply' : ''}`
              : `${bad.map((i) => `${i.name} ${i.state}`).join(', ')}: pgready verify --save-fix-script fix.sql, review, apply`,
          );
          break;
        }
        case 'benchmark': {
          const { result } = await bench();
          const w = result.phases.find((p) => p.name === 'with');
          done(
            w && w.scenarios.length > 0 ? 'PASS' : 'FAIL',
            `${result.phases.map((p) => p.name).join(' → ')} on ${w?.scenarios.length ?? 0} scenario(s)${options.owned ? '' : ` (${options.ownershipReason}: with phase only, nothing dropped)`}`,
          );
          break;
        }
        case 'document': {
          const { files } = await bench();
          done(
            files.length ? 'PASS' : 'FAIL',
            files.length ? `written: ${files.join(', ')}` : 'the run wrote no report',
          );
          break;
        }
        case 'targets': {
          const { result } = await bench();
          const w = result.phases.find((p) => p.name === 'with');
          const worst = Math.max(0, ...(w?.scenarios ?? []).map((s) => s.latency.summary.p95Us));
          done(
            result.verdict.ready ? 'PASS' : 'FAIL',
            `worst p95 ${fmtMs(worst)} (${worst < 50_000 ? 'under' : 'over'} the checklist's 50 ms); judged against each category's targets: ${result.verdict.ready ? 'all met' : result.verdict.reasons.slice(0, 3).join('; ')}`,
          );
          break;
        }
        case 'warmup': {
          const child = await pgready([
            'warmup',
            ...options.scenarios,
            '--format',
            'json',
            '--no-progress',
            '--window',
            seconds(options.durationMs / 5),
            '--max-time',
            seconds(options.durationMs * 2),
            // The checklist bounds each scenario (--max-time); the whole warmup is as long as they need.
            '--max-total',
            '60m',
          ]);
          const r = json<WarmupResult>(child);
          done(
            r.verdict.ready ? 'PASS' : 'FAIL',
            r.verdict.ready
              ? 'READY FOR DEMO'
              : `NOT READY FOR DEMO: ${r.verdict.reasons.slice(0, 3).join('; ')}`,
          );
          break;
        }
        case 'spot-check': {
          const child = await pgready([
            'watch',
            ...options.scenarios,
            '--once',
            '--window',
            seconds(Math.min(10_000, options.durationMs)),
            '--no-progress',
          ]);
          const last = child.stdout.trim().split('\n').at(-1) ?? '';
          done(
            child.code === 0 ? 'PASS' : child.code === 1 ? 'FAIL' : 'ERROR',
            child.code === 2 ? `cannot check: ${lastLine(child.stderr)}` : last,
          );
          break;
        }
        case 'pool': {
          const budget = await checkConnectionBudget(options.client, {
            instances: 1,
            poolMaxSize: options.pool.maxSize,
            ownConnections: 0,
          });
          done(
            'PASS',
            `one app instance's pool (${options.pool.baseSize} + ${options.pool.maxOverflow}) fits: ${budget.available} of max_connections ${budget.maxConnections} free`,
          );
          break;
        }
        case 'monitor':
          done('TODO', `during the demo: ${item.command}`);
          break;
        case 'explain': {
          const files = cache.has(benchArgs.join(' ')) ? (await bench()).files : [];
          done(
            'TODO',
            files.length
              ? `keep at hand: ${files.join(', ')}`
              : 'keep the latest run and warmup reports at hand (reports/)',
          );
          break;
        }
      }
    } catch (error) {
      done(/needs|connections/.test(toError(error).message) ? 'FAIL' : 'ERROR', toError(error).message);
    }
  }
  const files = [
    ...new Set(
      cache.has(benchArgs.join(' ')) ? (await bench().catch(() => ({ files: [] as string[] }))).files : [],
    ),
  ];
  return {
    startedAt,
    target: options.displayUrl,
    benchmarkNote: options.owned
      ? `pgready owns this database (${options.ownershipReason}): the benchmark is the full A/B run (indexes dropped and rebuilt)`
      : `pgready does not own this database (${options.ownershipReason}): the benchmark is the "with" phase only, nothing is dropped`,
    stages: options.stages,
    outcomes,
    files,
  };
}

function spawnPgready(args: string[], options: ChecklistRunOptions): Promise<Child> {
  const env = { ...process.env };
  const target = options.environment ? ['-e', options.environment] : [];
  if (!options.environment) env.DATABASE_URL = options.url;
  const config = options.configFile ? ['--config', options.configFile] : [];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args, ...target, ...config], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function json<T>(child: Child): T {
  try {
    return JSON.parse(child.stdout) as T;
  } catch {
    throw new Error(lastLine(child.stderr) || `exit ${child.code}`);
  }
}

function lastLine(text: string): string {
  return (text.trim().split('\n').at(-1) ?? '').replace(/^pgready: /, '');
}

/** The files a command reported writing ("pgready: wrote a, b"). */
function wrote(stderr: string): string[] {
  return [...stderr.matchAll(/^pgready: wrote (.+)$/gm)].flatMap((m) => m[1]!.split(', '));
}
