import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import type { IntervalEvent } from '../../src/load/events.ts';
import { emitEvent } from '../../src/phases/events.ts';
import { attachRunProgress } from '../../src/progress/display.ts';

/** A stream that records what was written; `tty` makes it look like a terminal. */
function capture(tty: boolean): NodeJS.WriteStream & { text(): string } {
  let out = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  }) as unknown as NodeJS.WriteStream & { text(): string };
  Object.assign(stream, { isTTY: tty, columns: 200, rows: 50, text: () => out });
  return stream;
}

function interval(elapsedSec: number, p95Us: number): IntervalEvent {
  return {
    type: 'interval',
    phase: 'with',
    scenario: 'lead-dashboard-ranking',
    elapsedSec,
    warmup: elapsedSec <= 1,
    requests: 40,
    throughputPerSec: 40,
    errors: elapsedSec === 3 ? 2 : 0,
    p50Us: 9_450,
    p95Us,
    p99Us: p95Us + 2_000,
    pool: { total: 21, idle: 2, waiting: 3 },
    scheduleLagP99Us: 400,
  };
}

test('piped: one plain line per second, like pgbench -P', () => {
  const events = new EventEmitter();
  const stream = capture(false);
  const detach = attachRunProgress(events, { stream });
  emitEvent(events, {
    type: 'phase-start',
    phase: 'with',
    method: 'present',
    durationMs: 3000,
    warmupMs: 1000,
  });
  for (let s = 1; s <= 3; s++) emitEvent(events, interval(s, 14_000 + s * 1000));
  detach();
  emitEvent(events, interval(4, 99_000));
  const lines = stream.text().trim().split('\n');
  assert.equal(lines.length, 4, stream.text());
  assert.match(lines[0] ?? '', /phase with \(indexes present\)/);
  assert.equal(
    lines[3],
    'with lead-dashboard-ranking 3 s: 40.0 req/s, p50 9.45 p95 17.0 p99 19.0 ms, 2 err, pool 21 (3 waiting), lag p99 0.40 ms',
  );
  assert.match(lines[1] ?? '', /1 s \(warm-up\)/);
  assert.doesNotMatch(stream.text(), /99\.0/, 'nothing after detach');
  assert.ok(!stream.text().includes('\u001b['), 'no escape codes when piped');
});

test('on a terminal the interval line is redrawn in place', () => {
  const events = new EventEmitter();
  const stream = capture(true);
  const saved = process.env.CI;
  delete process.env.CI;
  try {
    const detach = attachRunProgress(events, { stream });
    for (let s = 1; s <= 3; s++) emitEvent(events, interval(s, 14_000 + s * 1000));
    detach();
  } finally {
    if (saved !== undefined) process.env.CI = saved;
  }
  const text = stream.text();
  // Each redraw erases the previous lines (ESC [ 2K / cursor up) before writing the new one.
  assert.ok(text.includes('\u001b[2K'), 'erase-line sequences');
  assert.equal((text.match(/lead-dashboard-ranking 3 s/g) ?? []).length, 1);
  assert.equal((text.match(/req\/s/g) ?? []).length, 3);
});
