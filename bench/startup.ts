/**
 * `npm run bench:startup`: how long pgready takes to start, next to Node itself, in one run.
 *  (a) commands: wall time and peak RSS of `node -e 0`, `pgready --version`, `--help`, `run --help`,
 *      `--version` from the sources under tsx (as every start was before dist/) and, with --npx,
 *      `npx pgready --version`, in alternating rounds (every command once per round, so a busy
 *      moment hits them all alike); medians, each as a ratio to `node -e 0`.
 *  (b) worker threads: time from `new Worker` to "ready" (modules loaded, first connection open)
 *      for the load generator's app instances, compiled (dist/, as the CLI runs them) against the
 *      sources under tsx (as every thread started before the compiled build), also alternating.
 * Peak RSS is the kernel's figure through /usr/bin/time (Linux); without it only times are shown.
 * Worker threads need a server: --database-url, else $DATABASE_URL, else they are skipped.
 * Builds dist/ first (npm run build), so it never measures a stale build.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolvePool } from '../src/config/pool.ts';
import { maskUrl } from '../src/db/url.ts';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '11' },
    'worker-rounds': { type: 'string', default: '5' },
    instances: { type: 'string', default: '2' },
    npx: { type: 'boolean', default: false },
    'database-url': { type: 'string' },
  },
});
const rounds = Number(args.rounds);
const workerRounds = Number(args['worker-rounds']);
const instances = Number(args.instances);
const databaseUrl = args['database-url'] ?? process.env.DATABASE_URL;
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../bin/pgready.js', import.meta.url));
const TIME = '/usr/bin/time';
const haveTime = fs.existsSync(TIME);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const log = (line: string) => process.stdout.write(`${line}\n`);

execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });

interface Sample {
  ms: number;
  rssKb?: number;
}

/** Runs one command to its end: wall time around the spawn, peak RSS from /usr/bin/time. */
function measure(argv: string[]): Sample {
  const [file, rest] = haveTime ? [TIME, ['-f', '%M', ...argv]] : [argv[0]!, argv.slice(1)];
  const start = performance.now();
  const child = spawnSync(file, rest, { cwd: root, encoding: 'utf8' });
  const ms = performance.now() - start;
  if (child.status !== 0) throw new Error(`${argv.join(' ')} failed: ${child.stderr}`);
  const rss = haveTime ? Number(child.stderr.trim().split('\n').at(-1)) : undefined;
  return { ms, ...(rss ? { rssKb: rss } : {}) };
}

const node = process.execPath;
const commands: [string, string[]][] = [
  ['node -e 0', [node, '-e', '0']],
  ['pgready --version', [node, bin, '--version']],
  ['pgready --help', [node, bin, '--help']],
  ['pgready run --help', [node, bin, 'run', '--help']],
  // How every start went before the compiled build (tsx transpiling the sources), for comparison.
  ['--version, sources + tsx', [node, '--import', 'tsx', 'src/cli/main.ts', '--version']],
  ...(args.npx
    ? [['npx pgready --version', ['npx', '--no-install', 'pgready', '--version']] as [string, string[]]]
    : []),
];

const load = () => os.loadavg()[0]!.toFixed(1);
log(`start-up, ${rounds} alternating rounds on ${os.cpus().length} cores (load average ${load()} before)`);
const samples = new Map<string, Sample[]>(commands.map(([name]) => [name, []]));
measure(commands[1]![1]); // the first start reads dist/ from disk; every round after finds it cached
for (let round = 0; round < rounds; round++)
  for (const [name, argv] of commands) samples.get(name)!.push(measure(argv));

const base = median(samples.get('node -e 0')!.map((s) => s.ms));
const baseRss = haveTime ? median(samples.get('node -e 0')!.map((s) => s.rssKb ?? 0)) : 0;
log('');
log(
  `${'command'.padEnd(24)} ${'wall ms'.padStart(8)} ${'× node'.padStart(7)} ${'peak RSS MiB'.padStart(13)} ${'× node'.padStart(7)}`,
);
for (const [name] of commands) {
  const ms = median(samples.get(name)!.map((s) => s.ms));
  const rss = haveTime ? median(samples.get(name)!.map((s) => s.rssKb ?? 0)) : 0;
  log(
    `${name.padEnd(24)} ${ms.toFixed(0).padStart(8)} ${(ms / base).toFixed(2).padStart(7)} ${
      haveTime ? (rss / 1024).toFixed(1).padStart(13) : 'n/a'.padStart(13)
    } ${haveTime ? (rss / baseRss).toFixed(2).padStart(7) : ''}`,
  );
}
log(`goal: --version and --help within 3× node -e 0, peak RSS under 80 MiB (load average ${load()} after)`);

// (b) Each measurement is a fresh process that imports the worker group one way and times start().
const workerScript = (workers: string, tsx: boolean) => `
${tsx ? `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register();` : ''}
const { WorkerGroup } = await import(${JSON.stringify(workers)});
const init = (instanceIndex) => ({
  url: process.env.BENCH_URL, pool: ${JSON.stringify(resolvePool({ pool_size: 1, max_overflow: 0 }))},
  load: {}, sessionSettings: {}, scenarios: [], instanceIndex, instances: ${instances},
});
const start = performance.now();
const group = await WorkerGroup.start(Array.from({ length: ${instances} }, (_, i) => init(i)));
const ms = performance.now() - start;
await group.close();
process.stdout.write(String(ms));
`;

function workerReadyMs(workers: string, tsx: boolean): number {
  // A file, not -e: worker threads inherit the process's flags, and --input-type is refused there.
  const file = path.join(os.tmpdir(), `pgready-startup-bench-${process.pid}.mjs`);
  fs.writeFileSync(file, workerScript(workers, tsx));
  const child = spawnSync(node, [file], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, BENCH_URL: databaseUrl },
  });
  fs.rmSync(file);
  if (child.status !== 0) throw new Error(`worker start failed: ${child.stderr}`);
  return Number(child.stdout);
}

log('');
if (!databaseUrl) {
  log('worker threads: skipped (give --database-url or set DATABASE_URL: each thread opens a connection)');
} else {
  const dist = new URL('../dist/src/load/workers.js', import.meta.url).href;
  const sources = new URL('../src/load/workers.ts', import.meta.url).href;
  const compiled: number[] = [];
  const viaTsx: number[] = [];
  for (let round = 0; round < workerRounds; round++) {
    compiled.push(workerReadyMs(dist, false));
    viaTsx.push(workerReadyMs(sources, true));
  }
  const c = median(compiled);
  const t = median(viaTsx);
  log(
    `worker threads (${instances} app instances to ready, ${maskUrl(databaseUrl)}), median of ${workerRounds} alternating rounds:`,
  );
  log(`  compiled (dist/)        ${c.toFixed(0).padStart(6)} ms  ${(c / base).toFixed(2)}× node -e 0`);
  log(`  sources under tsx       ${t.toFixed(0).padStart(6)} ms  ${(t / base).toFixed(2)}× node -e 0`);
  log(`  compiled / tsx          ${(c / t).toFixed(2)}`);
}
