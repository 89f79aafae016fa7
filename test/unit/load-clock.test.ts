import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PreciseClock } from '../../src/load/clock.ts';
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
