/**
 * `npm run bench:micro`: pgready micro's p50 per scenario against `pgbench -M prepared -c 1` running
 * the same SQL with the same parameters (pgbench `-D` variables bound as $n), in one run on one
 * server, with the catalogue indexes present. Goal: within 10 %.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { connect } from '../src/db/connect.ts';
import { maskUrl } from '../src/db/url.ts';
import { benchScenario } from '../src/micro/bench.ts';
import { initHistograms } from '../src/results/histogram.ts';
import { loadScenarios } from '../src/scenarios/load.ts';
import { drawSample } from '../src/scenarios/sample.ts';
import { seededRandom } from '../src/util/prng.ts';
import { percentile, runPgbench } from './pgbench.ts';
import { benchDatabase } from './target.ts';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    scale: { type: 'string', default: 'small' },
    'duration-sec': { type: 'string', default: '5' },
    scenarios: { type: 'string' },
  },
});
const log = (line: string) => process.stdout.write(`${line}\n`);
const prepareValue = (pg as unknown as { utils: { prepareValue(v: unknown): unknown } }).utils.prepareValue;
await initHistograms();
const { url, stop } = await benchDatabase(args['database-url'], args.scale!);
const durationSec = Number(args['duration-sec']);
log(`bench:micro on ${maskUrl(url)}: micro (prepared) vs pgbench -M prepared -c 1, ${durationSec} s each`);
try {
  const scenarios = await loadScenarios(args.scenarios ? { names: args.scenarios.split(',') } : {});
  const client = await connect(url);
  for (const loaded of scenarios) {
    const name = loaded.definition.name;
    const sample = await drawSample(client, loaded, 42);
    const params = loaded.definition.params(sample, seededRandom(42, name, 'bench'));
    const micro = await benchScenario(
      url,
      { name, file: loaded.file, sample },
      {
        protocols: ['prepared'],
        durationMs: durationSec * 1000,
        warmupMs: 1000,
        seed: 42,
        statementTimeoutMs: 60_000,
        fixedParams: params,
      },
    );
    const defines = params.flatMap((v, i) => [
      '-D',
      `p${i + 1}=${v === null ? '' : String(prepareValue(v))}`,
    ]);
    const script = `${loaded.definition.sql
      .replace(/\$(\d+)/g, ':p$1')
      .trim()
      .replace(/;$/, '')};`;
    const bench = runPgbench(
      url,
      script,
      ['-M', 'prepared', '-c', '1', '-T', String(durationSec + 1), ...defines],
      {
        log: true,
        warmupSec: 1,
      },
    );
    const ours = micro[0]!.latency.summary.p50Us;
    const theirs = percentile(bench.latenciesUs, 50);
    log(
      `${name.padEnd(24)} micro p50 ${(ours / 1000).toFixed(3)} ms (±${micro[0]!.rmePercent.toFixed(1)} % mean) · pgbench p50 ${(theirs / 1000).toFixed(3)} ms · ratio ${(ours / theirs).toFixed(2)}×`,
    );
  }
  await client.end();
} finally {
  stop();
}
