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

test('every human-readable report states the harness resolution: the judged phase’s worst floor', () => {
  const result = withFloors();
  const judged = result.phases.find((p) => p.name === 'with')!;
  const worst = Math.max(...judged.scenarios.map((s) => s.harness!.resolutionUs));
  const expected = `latency differences below ${(worst / 1000).toFixed(2)} ms`;
  for (const format of ['text', 'markdown', 'html'] as const) {
    const content = renderReport(format, result)[0]!.content;
    assert.ok(content.includes(expected), `${format}: "${expected}"`);
  }
});

test('a saturated "without" phase is named apart, never the figure above the verdict', () => {
  const result = withFloors();
  const without = result.phases.find((p) => p.name === 'without')!;
  for (const s of without.scenarios) {
    s.saturated = true;
    s.harness = floor(2_537_000);
  }
  const text = renderReport('text', result)[0]!.content;
  const line = text.split('\n').find((l) => l.includes('latency differences below'))!;
  assert.doesNotMatch(line, /below 2,537/);
  assert.match(
    line,
    /apart: the "without" phase saturated for every scenario \(resolution up to 2,537 ms\), not judged/,
  );
});

test('a judged scenario whose resolution exceeds its p95 target is named apart', () => {
  const result = withFloors();
  const s = result.phases.find((p) => p.name === 'with')!.scenarios[0]!;
  s.harness = floor(s.targetsMs.p95 * 1000 + 5_000);
  const text = renderReport('text', result)[0]!.content;
  assert.match(
    text,
    new RegExp(
      `apart: ${s.scenario} resolution [\\d.,]+ ms over its ${s.targetsMs.p95} ms p95 target \\(cannot pass\\)`,
    ),
  );
});

test('client CPU per request only for a judged phase of at least 2,000 requests, with its rate', () => {
  const few = withFloors();
  const judged = (r: RunResult) => r.phases.find((p) => p.name === 'with')!;
  for (const s of judged(few).scenarios) s.requests = 100;
  assert.doesNotMatch(renderReport('text', few)[0]!.content, /client CPU/);
  assert.equal(judged(few).scenarios[0]!.harness!.cpuPerRequestUs, 38, 'the JSON keeps it');
  const many = withFloors();
  for (const s of judged(many).scenarios) s.requests = 2_000;
  assert.match(renderReport('text', many)[0]!.content, /client CPU 38 µs per request at [\d,]+ requests\/s/);
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
