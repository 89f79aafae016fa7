import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { renderReport } from '../../src/reporters/index.ts';
import { loadResult } from '../../src/results/read.ts';
import type { HarnessFloor, RunResult } from '../../src/results/types.ts';
import { runFixture } from '../helpers/report-fixtures.ts';
import { tempDir } from '../helpers/temp.ts';

const floor = (resolutionUs: number): HarnessFloor => ({
  eventLoopDelayP50Us: 40,
  eventLoopDelayP99Us: resolutionUs - 300,
  clientP50Us: 60,
  clientP95Us: 300,
  cpuPerRequestUs: 38,
  threads: 2,
  resolutionUs,
});

function withFloors(): RunResult {
  const result = runFixture('run-ready');
  result.phases.forEach((phase, p) => {
    phase.scenarios.forEach((s, i) => {
      s.harness = floor(1000 + 100 * p + 10 * i);
    });
  });
  return result;
}

test('every human-readable report states the harness resolution: the worst scenario’s floor', () => {
  const result = withFloors();
  const worst = Math.max(...result.phases.flatMap((p) => p.scenarios.map((s) => s.harness!.resolutionUs)));
  const expected = `latency differences below ${(worst / 1000).toFixed(2)} ms`;
  for (const format of ['text', 'markdown', 'html'] as const) {
    const content = renderReport(format, result)[0]!.content;
    assert.ok(content.includes(expected), `${format}: "${expected}"`);
    assert.ok(content.includes('client CPU 38 µs per request'), `${format}: CPU per request`);
  }
});

test('a result written before the harness floor existed still loads and renders, without the line', async () => {
  const result = runFixture('run-ready');
  assert.equal(
    result.phases.some((p) => p.scenarios.some((s) => s.harness)),
    false,
  );
  const dir = tempDir('report-harness');
  const file = path.join(dir, 'old.json');
  fs.writeFileSync(file, JSON.stringify(result));
  const loaded = (await loadResult(file)) as RunResult;
  for (const format of ['text', 'markdown', 'html'] as const)
    assert.doesNotMatch(renderReport(format, loaded)[0]!.content, /latency differences below/);
  const withFloor = path.join(dir, 'new.json');
  fs.writeFileSync(withFloor, JSON.stringify(withFloors()));
  assert.ok(((await loadResult(withFloor)) as RunResult).phases[0]!.scenarios[0]!.harness);
});
