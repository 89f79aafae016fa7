import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { INDEX_CATALOGUE } from '../../seed/catalogue.ts';
import { initHistograms, mergeEncoded, summarize, withHistogram } from '../../src/results/histogram.ts';
import { mergeRunResults } from '../../src/results/merge.ts';
import { runCli } from '../helpers/cli.ts';
import { fixturePath, runFixture } from '../helpers/report-fixtures.ts';
import { tempDir } from '../helpers/temp.ts';

test('merging runs of the same plan adds histograms exactly, sums counts, and judges again', async () => {
  await initHistograms();
  const a = runFixture('run-ready');
  const b = runFixture('run-not-ready');
  const merged = await mergeRunResults([a, b], INDEX_CATALOGUE);
  for (const [p, phase] of merged.phases.entries()) {
    for (const [i, s] of phase.scenarios.entries()) {
      const parts = [a, b].map((r) => r.phases[p]!.scenarios[i]!);
      assert.equal(s.requests, parts[0]!.requests + parts[1]!.requests);
      assert.equal(
        s.latency.summary.count,
        parts[0]!.latency.summary.count + parts[1]!.latency.summary.count,
      );
      const expected = withHistogram(mergeEncoded(parts.map((x) => x.latency.encoded)), summarize);
      assert.deepEqual(
        s.latency.summary,
        expected,
        `${phase.name}/${s.scenario} equals one histogram of all values`,
      );
      const lo = Math.min(...parts.map((x) => x.latency.summary.p50Us));
      const hi = Math.max(...parts.map((x) => x.latency.summary.p50Us));
      assert.ok(
        s.latency.summary.p50Us >= lo * 0.999 && s.latency.summary.p50Us <= hi * 1.001,
        'p50 lies between the parts',
      );
      for (const [code, n] of Object.entries(parts[1]!.errorsByCode))
        assert.equal(s.errorsByCode[code], n + (parts[0]!.errorsByCode[code] ?? 0));
    }
  }
  assert.equal(merged.config.load.instances, a.config.load.instances + b.config.load.instances);
  assert.equal(merged.verdict.ready, false, 'a failure in one part fails the merged verdict');
  assert.ok(merged.verdict.reasons.length > 0);
});

test('pgready merge writes the merged result; different plans or a verify result exit 2', async () => {
  const out = path.join(tempDir('pgready-merge-'), 'merged.json');
  const ok = await runCli(['merge', fixturePath('run-ready'), fixturePath('run-ready'), '-o', out]);
  assert.equal(ok.code, 0, ok.stderr);
  const merged = JSON.parse(fs.readFileSync(out, 'utf8'));
  const single = runFixture('run-ready');
  assert.equal(merged.phases[1].scenarios[0].requests, 2 * single.phases[1]!.scenarios[0]!.requests);
  assert.match(ok.stdout, /ENTERPRISE READY/);
  const verify = await runCli([
    'merge',
    fixturePath('run-ready'),
    fixturePath('verify-not-ready'),
    '-o',
    out,
  ]);
  assert.equal(verify.code, 2);
  assert.match(verify.stderr, /merge takes run results/);
  const other = runFixture('run-ready');
  other.phases[1]!.scenarios.pop();
  const otherFile = path.join(path.dirname(out), 'other.json');
  fs.writeFileSync(otherFile, JSON.stringify(other));
  const mismatch = await runCli(['merge', fixturePath('run-ready'), otherFile, '-o', out]);
  assert.equal(mismatch.code, 2);
  assert.match(mismatch.stderr, /different phases or scenarios/);
});
