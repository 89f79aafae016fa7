import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AWAKE_BURST_MS, AWAKE_SHARE, PreciseClock } from '../../src/load/clock.ts';
import { Sleeper } from '../../src/load/schedulers.ts';

const now = () => performance.timeOrigin + performance.now();

test('the precise clock runs wake-ups in deadline order, never before their time, and drops cancelled ones', async () => {
  const clock = new PreciseClock(now);
  try {
    const start = now();
    const ran: { name: string; late: number }[] = [];
    const all = ['c', 'a', 'x', 'b'].map(
      (name) =>
        new Promise<void>((resolve) => {
          const atMs = start + { a: 2, b: 4, c: 6, x: 3 }[name]!;
          const wakeup = {
            atMs,
            run: () => {
              ran.push({ name, late: now() - atMs });
              resolve();
            },
          };
          clock.schedule(wakeup);
          if (name === 'x') {
            clock.cancel(wakeup);
            resolve();
          }
        }),
    );
    await Promise.all(all);
    assert.deepEqual(
      ran.map((r) => r.name),
      ['a', 'b', 'c'],
    );
    for (const r of ran) assert.ok(r.late >= 0, `${r.name} ran ${-r.late} ms early`);
  } finally {
    clock.close();
  }
});

test('a sleeper on the precise clock wakes at its time, and stop() ends every sleep at once', async () => {
  const clock = new PreciseClock(now);
  try {
    const sleeper = new Sleeper(now, clock);
    const until = now() + 1.5;
    await sleeper.sleepUntil(until);
    assert.ok(now() >= until);
    const long = sleeper.sleepUntil(now() + 60_000);
    const short = sleeper.sleepUntil(now() + 1);
    sleeper.stop();
    await Promise.all([long, short]);
    assert.equal(sleeper.stopped, true);
  } finally {
    clock.close();
  }
});

test('armed early to hide its own lateness, the clock still never runs a wake-up before its time, with or without requests out', async () => {
  const clock = new PreciseClock(now);
  try {
    for (const inFlight of [0, 1]) {
      clock.inFlight = inFlight;
      const early: number[] = [];
      for (let i = 0; i < 20; i++) {
        // Sparse wake-ups (milliseconds apart): the ones the clock wakes for a margin early.
        const atMs = now() + 2 + (i % 5);
        await new Promise<void>((resolve) =>
          clock.schedule({
            atMs,
            run: () => {
              if (now() < atMs) early.push(atMs - now());
              resolve();
            },
          }),
        );
      }
      assert.deepEqual(early, [], `with ${inFlight} in flight`);
      assert.ok(clock.marginMs >= 0.05 && clock.marginMs <= 1, `margin ${clock.marginMs} ms`);
    }
  } finally {
    clock.inFlight = 0;
    clock.close();
  }
});

/** Runs `count` wake-ups one after another, each `gapMs` after the previous one ran. */
async function chain(clock: PreciseClock, count: number, gapMs: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const atMs = now() + gapMs;
    await new Promise<void>((resolve) => clock.schedule({ atMs, run: resolve }));
  }
}

test('waiting awake is budgeted: sparse wake-ups all get the margin, dense ones at most a quarter of the time', async () => {
  const clock = new PreciseClock(now);
  try {
    // Sparse (5 ms apart): every one is armed a margin early, none at its instant.
    await chain(clock, 20, 5);
    assert.equal(clock.exactArms, 0, 'sparse wake-ups armed at their instant');
    assert.ok(clock.awakeGrantedMs > 0, 'sparse wake-ups were given a margin');
    // Dense (0.1 ms apart, inside the margin): the budget runs out, and what it granted is bounded.
    const granted = clock.awakeGrantedMs;
    const start = now();
    await chain(clock, 3_000, 0.1);
    const elapsed = now() - start;
    const dense = clock.awakeGrantedMs - granted;
    assert.ok(clock.exactArms > 0, 'the budget never ran out at 10,000 wake-ups/s');
    assert.ok(
      dense <= AWAKE_SHARE * elapsed + AWAKE_BURST_MS + 1e-6,
      `${dense.toFixed(1)} ms awake granted in ${elapsed.toFixed(1)} ms`,
    );
  } finally {
    clock.close();
  }
});
