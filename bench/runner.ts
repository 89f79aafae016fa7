/**
 * `npm run bench:runner`: the load runner side by side with pgbench, in one run on one server.
 *  (a) SELECT 1 ceiling at the same connection count: throughput ratio and client CPU µs/query,
 *      and beside them the Node floor (bench/node-floor.ts: raw sockets in a closed loop on as
 *      many threads as pgready uses), what any Node client can reach here;
 *  (b) latency fidelity: a ≥ 1 ms query at the same open arrival rate as `pgbench -R`, p50/p95
 *      from pgbench's per-transaction log vs pgready's histogram;
 *  (c) memory: RSS sampled every second through a long open-model run (flat = no growth);
 *  (d) issue 23's table at `small` scale (seeded if needed): outbound-history indexed (sub-ms) at
 *      200/s and without its index (planner kept off it, ≈ 10 ms here) at 40/s, 20 s each, one app
 *      instance with a pool of 8, Poisson arrivals, `--protocol prepared`, the same SQL and uniform
 *      parameter (`\set p1 random(min, max)`) as `pgbench -n -M prepared -c 8 -j 1 -R` in the same
 *      round; pgbench's latency is the log's `time`, which under -R already runs from the scheduled
 *      start (it includes the schedule lag). Goal: p50 and p95 within 10 % + 0.1 ms.
 * Every pgready round also prints its harness floor (event-loop delay, client time per request).
 * Embedded server (port 5492, home /tmp/pgready-runner-bench) unless --database-url is given.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import outboundHistory from '../scenarios/outbound-history.ts';
import { resolvePool } from '../src/config/pool.ts';
import { connect } from '../src/db/connect.ts';
import { EmbeddedServer } from '../src/db/embedded/server.ts';
import { maskUrl } from '../src/db/url.ts';
import { type LoadOptions, type Protocol, resolveLoad } from '../src/load/load-options.ts';
import { type LoadScenario, runLoad } from '../src/load/run-load.ts';
import type { RunnerEvent } from '../src/phases/events.ts';
import type { HarnessFloor } from '../src/results/types.ts';
import { nodeFloor } from './node-floor.ts';
import { percentile, runPgbench } from './pgbench.ts';
import { benchDatabase } from './target.ts';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    connections: { type: 'string', default: '8' },
    instances: { type: 'string', default: '4' },
    // pgbench -R is one process holding every connection: the latency comparisons run one instance.
    'fidelity-instances': { type: 'string', default: '1' },
    'duration-sec': { type: 'string', default: '10' },
    rate: { type: 'string', default: '200' },
    'sleep-ms': { type: 'string', default: '2' },
    protocol: { type: 'string', default: 'prepared' },
    'memory-sec': { type: 'string', default: '60' },
    'memory-rate': { type: 'string', default: '1000' },
    only: { type: 'string' },
    'lookup-rate': { type: 'string', default: '200' },
    'scan-rate': { type: 'string', default: '40' },
    'scenario-sec': { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
  },
});
const connections = Number(args.connections);
const instances = Number(args.instances);
const fidelityInstances = Number(args['fidelity-instances']);
const durationSec = Number(args['duration-sec']);
const scenarioSec = Number(args['scenario-sec']);
const protocol = args.protocol as Protocol;
const parts = new Set((args.only ?? 'ceiling,fidelity,scenarios,memory').split(','));
const fixture = (name: string, sample: Record<string, unknown>[] = [{}]): LoadScenario => ({
  name,
  file: fileURLToPath(new URL(`../test/fixtures/scenarios/${name}.ts`, import.meta.url)),
  sample,
});

let server: EmbeddedServer | undefined;
let startedServer = false;
let url = args['database-url'] ?? process.env.DATABASE_URL;
if (!url) {
  server = new EmbeddedServer({ home: '/tmp/pgready-runner-bench', port: 5492 });
  startedServer = (await server.start()).startedNow;
  url = server.url('postgres');
}
const log = (line: string) => process.stdout.write(`${line}\n`);
log(
  `bench:runner on ${maskUrl(url)}, ${connections} connections, ${instances} instances (latency parts ${fidelityInstances}), protocol ${protocol}, load average ${os.loadavg()[0]!.toFixed(1)}`,
);

/** pgready with the connections spread over the instances, no overflow (as pgbench: fixed clients). */
async function pgready(
  scenario: LoadScenario,
  load: LoadOptions,
  onEvent?: (e: RunnerEvent) => void,
  sessionSettings: Record<string, string> = {},
  instanceCount = instances,
  seconds = durationSec,
) {
  const perInstance = Math.ceil(connections / instanceCount);
  const pool = {
    ...resolvePool({ pool_size: perInstance, max_overflow: 0 }),
    statementTimeoutMs: 60_000,
  };
  let allRequests = 0;
  const [outcome] = await runLoad({
    url: url!,
    scenarios: [scenario],
    mixed: false,
    pool,
    sessionSettings,
    load: resolveLoad({
      instances: instanceCount,
      protocol,
      warmupMs: 2_000,
      durationMs: seconds * 1000,
      ...load,
    }),
    phase: 'with',
    events: {
      emit: (_n: string | symbol, e: RunnerEvent) => {
        if (e.type === 'interval') allRequests += e.requests;
        onEvent?.(e);
        return true;
      },
    },
  });
  return { outcome: outcome!, allRequests };
}

const rows: string[][] = [['measure', 'pgbench', 'pgready', 'ratio (pgready ÷ pgbench)']];
const rounds = Number(args.rounds);
const pgbenchClients = ['-c', String(connections), '-j', String(Math.min(connections, 2)), '-M', protocol];
// The latency parts as in issue 23's table: pgbench -R with one thread holding every connection.
const pgbenchLatencyClients = ['-c', String(connections), '-j', '1', '-M', protocol];
const ceilingRatios: number[] = [];
const floorRatios: number[] = [];
let rssSeries: string[] = [];
const fidelity: [number, number][] = [];
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ms = (us: number) => (us / 1000).toFixed(3);
/** The harness floor of one pgready round, as one table row. */
const floorRow = (h: HarnessFloor | undefined): string[] => [
  '  pgready harness floor: loop delay p99 / client p95 / CPU per request',
  '',
  h ? `${ms(h.eventLoopDelayP99Us)} / ${ms(h.clientP95Us)} ms / ${h.cpuPerRequestUs} µs` : 'n/a',
  h ? `resolution ${ms(h.resolutionUs)} ms` : '',
];

try {
  if (parts.has('ceiling')) {
    // Rounds alternate pgbench and pgready so background load on a shared machine hits both alike.
    for (let round = 1; round <= rounds; round++) {
      const pb = runPgbench(url, 'SELECT 1;', [...pgbenchClients, '-T', String(durationSec)]);
      const { outcome, allRequests } = await pgready(fixture('select-one'), {
        model: 'closed',
        vus: connections,
        thinkTimeMs: 0,
      });
      const pbCpuUs = (pb.cpuMs * 1000) / pb.transactions;
      const cpu = outcome.clientCpu;
      const prCpuUs = ((cpu.userMs + cpu.systemMs) * 1000) / allRequests;
      const ratio = outcome.throughputPerSec / pb.tps;
      ceilingRatios.push(ratio);
      rows.push(
        [
          `SELECT 1 ceiling, queries/s (round ${round})`,
          pb.tps.toFixed(0),
          outcome.throughputPerSec.toFixed(0),
          ratio.toFixed(2),
        ],
        ['  client CPU µs per query', pbCpuUs.toFixed(1), prCpuUs.toFixed(1), (prCpuUs / pbCpuUs).toFixed(2)],
      );
      const threads = Math.min(instances, os.availableParallelism());
      const floor = await nodeFloor(url, connections, threads, durationSec * 1000);
      floorRatios.push(floor.queriesPerSec / pb.tps);
      rows.push(
        [
          `  Node floor (raw sockets, ${threads} threads), queries/s`,
          pb.tps.toFixed(0),
          floor.queriesPerSec.toFixed(0),
          (floor.queriesPerSec / pb.tps).toFixed(2),
        ],
        [
          '  Node floor client CPU µs per query',
          pbCpuUs.toFixed(1),
          floor.cpuPerQueryUs.toFixed(1),
          (floor.cpuPerQueryUs / pbCpuUs).toFixed(2),
        ],
      );
    }
    rows.push(
      ['SELECT 1 ceiling ratio, median of rounds', '', '', median(ceilingRatios).toFixed(2)],
      ['Node floor ceiling ratio, median of rounds', '', '', median(floorRatios).toFixed(2)],
    );
  }

  if (parts.has('fidelity')) {
    const rate = Number(args.rate);
    const sleepSec = Number(args['sleep-ms']) / 1000;
    for (let round = 1; round <= rounds; round++) {
      const pb = runPgbench(
        url,
        `SELECT pg_sleep(${sleepSec});`,
        [...pgbenchLatencyClients, '-T', String(durationSec + 2), '-R', String(rate)],
        { log: true, warmupSec: 2 },
      );
      const { outcome } = await pgready(
        fixture('sleep', [{ seconds: sleepSec }]),
        { model: 'open', ratePerSec: rate, arrival: 'poisson' },
        undefined,
        {},
        fidelityInstances,
      );
      const s = outcome.latency.summary;
      const [pb50, pb95, pb99] = [50, 95, 99].map((p) => percentile(pb.latenciesUs, p)) as [
        number,
        number,
        number,
      ];
      fidelity.push([s.p50Us / pb50, s.p95Us / pb95]);
      rows.push(
        [
          `pg_sleep(${sleepSec}) at ${rate}/s (round ${round}): achieved/s`,
          (pb.latenciesUs.length / durationSec).toFixed(0),
          outcome.throughputPerSec.toFixed(0),
          '',
        ],
        ['  p50 ms', ms(pb50), ms(s.p50Us), (s.p50Us / pb50).toFixed(2)],
        ['  p95 ms', ms(pb95), ms(s.p95Us), (s.p95Us / pb95).toFixed(2)],
        ['  p99 ms', ms(pb99), ms(s.p99Us), (s.p99Us / pb99).toFixed(2)],
        [
          '  pgready schedule lag p50 / p99 ms',
          '',
          `${ms(outcome.scheduleLag.summary.p50Us)} / ${ms(outcome.scheduleLag.summary.p99Us)}`,
          outcome.saturated ? 'SATURATED' : '',
        ],
        floorRow(outcome.harness),
      );
    }
    rows.push(
      ['latency p50 ratio, median of rounds', '', '', median(fidelity.map((f) => f[0])).toFixed(2)],
      ['latency p95 ratio, median of rounds', '', '', median(fidelity.map((f) => f[1])).toFixed(2)],
    );
  }

  if (parts.has('scenarios')) await scenarioFidelity(url);

  if (parts.has('memory')) {
    const seconds = Number(args['memory-sec']);
    const rssMb: number[] = [];
    const sampler = setInterval(() => rssMb.push(process.memoryUsage().rss / 2 ** 20), 1000);
    const { outcome } = await pgready(fixture('select-one'), {
      model: 'open',
      ratePerSec: Number(args['memory-rate']),
      arrival: 'poisson',
      durationMs: seconds * 1000,
    });
    clearInterval(sampler);
    // Printed after the table: a long run's series would make the table too wide.
    rssSeries = rssMb.filter((_, i) => i % 10 === 9).map((v) => v.toFixed(0));
    // GC makes RSS saw-tooth; growth shows as a higher peak in the second half than in the first.
    const firstHalf = rssMb.slice(0, Math.floor(rssMb.length / 2));
    const secondHalf = rssMb.slice(Math.floor(rssMb.length / 2));
    const tenth = rssMb[Math.min(rssMb.length - 1, 10)] ?? 0;
    rows.push(
      [`memory: ${seconds} s open run, ${outcome.requests} requests`, '', '', ''],
      [
        '  RSS at 10 s / end / peak MB',
        '',
        `${tenth.toFixed(0)} / ${(rssMb.at(-1) ?? 0).toFixed(0)} / ${Math.max(...rssMb).toFixed(0)}`,
        '',
      ],
      [
        '  peak RSS first half / second half, MB',
        '',
        `${Math.max(...firstHalf).toFixed(0)} / ${Math.max(...secondHalf).toFixed(0)}`,
        (Math.max(...secondHalf) / Math.max(...firstHalf)).toFixed(2),
      ],
    );
  }
} finally {
  if (server && startedServer) server.stop();
}

/** (d): the real scenarios against pgbench -R, alternating rounds, medians. */
async function scenarioFidelity(target: string): Promise<void> {
  await benchDatabase(target, 'small');
  const client = await connect(target);
  const { rows: range } = await client.query<{ min: number; max: number }>(
    'SELECT min(id)::int AS min, max(id)::int AS max FROM leads',
  );
  await client.end();
  const { min, max } = range[0]!;
  const noIndex = { enable_indexscan: 'off', enable_bitmapscan: 'off' };
  const cases = [
    { definition: outboundHistory, rate: Number(args['lookup-rate']), settings: {}, label: 'indexed' },
    { definition: outboundHistory, rate: Number(args['scan-rate']), settings: noIndex, label: 'no index' },
  ];
  for (const c of cases) {
    const name = `${c.definition.name}-uniform`;
    const scenario: LoadScenario = {
      name,
      file: fileURLToPath(new URL(`./scenarios/${name}.ts`, import.meta.url)),
      sample: [{ min, max }],
    };
    const script = `\\set p1 random(${min}, ${max})\n${c.definition.sql.replace(/\$1\b/g, ':p1').trim()};`;
    const pgOptions = Object.entries(c.settings)
      .map(([k, v]) => `-c ${k}=${v}`)
      .join(' ');
    /** Per round: pgready p50, pgbench p50, pgready p95, pgbench p95 (µs). */
    const absolute: [number, number, number, number][] = [];
    for (let round = 1; round <= rounds; round++) {
      const pb = runPgbench(
        target,
        script,
        [...pgbenchLatencyClients, '-T', String(scenarioSec + 2), '-R', String(c.rate)],
        { log: true, warmupSec: 2, pgOptions },
      );
      const { outcome } = await pgready(
        scenario,
        { model: 'open', ratePerSec: c.rate, arrival: 'poisson' },
        undefined,
        c.settings,
        fidelityInstances,
        scenarioSec,
      );
      const s = outcome.latency.summary;
      const [pb50, pb95, pb99] = [50, 95, 99].map((p) => percentile(pb.latenciesUs, p)) as [
        number,
        number,
        number,
      ];
      absolute.push([s.p50Us, pb50, s.p95Us, pb95]);
      const within = (ours: number, theirs: number) => (ours <= theirs * 1.1 + 100 ? 'within' : 'OUTSIDE');
      rows.push(
        [
          `${c.definition.name} (${c.label}) at ${c.rate}/s (round ${round}, load ${os.loadavg()[0]!.toFixed(1)})`,
          (pb.latenciesUs.length / scenarioSec).toFixed(0),
          outcome.throughputPerSec.toFixed(0),
          '',
        ],
        ['  p50 ms', ms(pb50), ms(s.p50Us), `${(s.p50Us / pb50).toFixed(2)} ${within(s.p50Us, pb50)}`],
        ['  p95 ms', ms(pb95), ms(s.p95Us), `${(s.p95Us / pb95).toFixed(2)} ${within(s.p95Us, pb95)}`],
        ['  p99 ms', ms(pb99), ms(s.p99Us), (s.p99Us / pb99).toFixed(2)],
        [
          '  pgready schedule lag p50 / p95 ms',
          '',
          `${ms(outcome.scheduleLag.summary.p50Us)} / ${ms(outcome.scheduleLag.summary.p95Us)}`,
          outcome.saturated ? 'SATURATED' : '',
        ],
        floorRow(outcome.harness),
      );
    }
    rows.push(
      [
        `${c.definition.name} p50 ratio, median of rounds`,
        '',
        '',
        median(absolute.map((a) => a[0] / a[1])).toFixed(2),
      ],
      [
        `${c.definition.name} p95 ratio, median of rounds`,
        '',
        '',
        median(absolute.map((a) => a[2] / a[3])).toFixed(2),
      ],
    );
    // The goal on the medians of the rounds: within 10 % + 0.1 ms of pgbench at p50 and at p95.
    const m = [0, 1, 2, 3].map((i) => median(absolute.map((a) => a[i]!)));
    const met = m[0]! <= m[1]! * 1.1 + 100 && m[2]! <= m[3]! * 1.1 + 100;
    rows.push([
      `${c.definition.name} (${c.label}) fidelity goal, medians p50 ${ms(m[0]!)}/${ms(m[1]!)} p95 ${ms(m[2]!)}/${ms(m[3]!)} ms`,
      '',
      '',
      met ? 'met' : 'MISSED',
    ]);
  }
}

const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
for (const r of rows)
  log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
if (rssSeries.length > 0) log(`RSS every 10 s, MB: ${rssSeries.join(' ')}`);
