// The .hgrm files and the interval log, read by the reference Java HdrHistogram implementation.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { renderReport } from '../../src/reporters/index.ts';
import { runFixture } from '../helpers/report-fixtures.ts';
import { tempDir } from '../helpers/temp.ts';
import { HDR_JAR, javaWithHdrHistogram } from '../helpers/tools.ts';

const skip = javaWithHdrHistogram();
const CHECKER = fileURLToPath(new URL('../fixtures/java/HlogCheck.java', import.meta.url));

test('the interval log and .hgrm files read correctly in Java HdrHistogram', { skip }, () => {
  const result = runFixture('run-not-ready');
  const dir = tempDir('pgready-hgrm-');
  try {
    const files = renderReport('hgrm', result);
    for (const f of files) fs.writeFileSync(path.join(dir, `run${f.suffix}`), f.content);
    const scenarioCount = result.phases.reduce((n, p) => n + p.scenarios.length, 0);
    assert.equal(files.filter((f) => f.suffix.endsWith('.hgrm')).length, scenarioCount);
    assert.equal(files.filter((f) => f.suffix === '.hlog').length, 1);

    const javaOut = path.join(dir, 'java');
    fs.mkdirSync(javaOut);
    const run = spawnSync('java', ['-cp', HDR_JAR, CHECKER, path.join(dir, 'run.hlog'), javaOut], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(run.status, 0, run.stderr);
    const lines = new Map(
      run.stdout
        .trim()
        .split('\n')
        .map((l) => [
          l.split(' ')[0] as string,
          Object.fromEntries(
            l
              .split(' ')
              .slice(1)
              .map((kv) => kv.split('=')),
          ),
        ]),
    );
    for (const phase of result.phases)
      for (const s of phase.scenarios) {
        const tag = `${s.scenario}/${phase.name}`;
        const java = lines.get(tag);
        assert.ok(java, `Java read tag ${tag}`);
        const sum = s.latency.summary;
        // The intervals add up to the phase's histogram: Java's percentiles equal the JSON summary.
        assert.equal(Number(java.intervals), s.intervals.length, tag);
        assert.equal(Number(java.count), sum.count, `${tag} count`);
        for (const p of ['p50', 'p90', 'p95', 'p99', 'p999'] as const)
          assert.equal(Number(java[p]), sum[`${p}Us`], `${tag} ${p}`);
        // Max within the histogram's 3-significant-digit resolution (Java reports the bucket's top).
        assert.ok(Math.abs(Number(java.max) - sum.maxUs) <= sum.maxUs / 1000 + 1, `${tag} max`);
        // Our .hgrm is exactly what Java's outputPercentileDistribution prints for the same data.
        const ours = fs.readFileSync(path.join(dir, `run.${s.scenario}.${phase.name}.hgrm`), 'utf8');
        const theirs = fs.readFileSync(path.join(javaOut, `${s.scenario}.${phase.name}.hgrm`), 'utf8');
        // The Buckets line states the histogram's configured range (pgready's goes to 60 s, the
        // checker's sum auto-sizes), not its data: every other line must be identical.
        const data = (t: string) => t.replace(/^#\[Buckets.*$/m, '');
        assert.equal(data(ours), data(theirs), `${tag} .hgrm identical to Java's`);
        assert.match(ours, /^#\[Buckets = +\d+, SubBuckets += +2048\]$/m);
      }

    // HdrHistogram's own command-line tool processes the log too, per tag.
    const tool = spawnSync(
      'java',
      [
        '-cp',
        HDR_JAR,
        'org.HdrHistogram.HistogramLogProcessor',
        '-i',
        path.join(dir, 'run.hlog'),
        '-tag',
        'lead-dashboard-ranking/with',
        '-outputValueUnitRatio',
        '1000',
        '-o',
        path.join(dir, 'processed'),
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(tool.status, 0, tool.stderr);
    const processed = fs.readFileSync(path.join(dir, 'processed.hgrm'), 'utf8');
    const lead = result.phases[1]?.scenarios.find((s) => s.scenario === 'lead-dashboard-ranking');
    assert.ok(lead);
    assert.match(processed, new RegExp(`Total count\\s+=\\s+${lead.latency.summary.count}\\]`));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
