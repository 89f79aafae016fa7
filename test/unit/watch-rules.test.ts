import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alertEnv } from '../../src/watch/alert.ts';
import { BreachTracker, type SecondCheck } from '../../src/watch/breach.ts';
import { normaliseSql } from '../../src/watch/passive.ts';

// The pure rules of watch (warmup's stop rule: warmup-stop-rule.test.ts): the breach state machine, the hook's
// environment, and how pg_stat_statements text is matched.
const second = (atSec: number, over: Partial<SecondCheck> = {}): SecondCheck => ({
  atSec,
  windowP95Us: 5_000,
  targetP95Us: 35_000,
  completed: 2,
  errors: 0,
  oldestOutstandingMs: 0,
  stallAfterMs: 60,
  ...over,
});

test('breach after --breach-for seconds over target, recovery after as many within', () => {
  const t = new BreachTracker(3);
  assert.equal(t.check(second(1)), undefined);
  assert.equal(t.check(second(2, { windowP95Us: 40_000 })), undefined);
  assert.equal(t.check(second(3, { windowP95Us: 40_000 })), undefined);
  const breach = t.check(second(4, { windowP95Us: 40_000 }));
  assert.deepEqual(breach && { type: breach.type, since: breach.sinceSec }, { type: 'breach', since: 2 });
  assert.equal(t.check(second(5, { windowP95Us: 40_000 })), undefined, 'one breach, not one per second');
  assert.equal(t.check(second(6)), undefined);
  assert.equal(t.check(second(7)), undefined);
  assert.equal(t.check(second(8))?.type, 'recovery');
});

test('a stall is a request outstanding longer than the bound, not a second without a response', () => {
  const quiet = new BreachTracker(2);
  // 2/s: a second in which nothing completed while one fast request is in flight is no stall.
  for (let s = 1; s <= 10; s++)
    assert.equal(quiet.check(second(s, { completed: s % 2, oldestOutstandingMs: 12 })), undefined);
  const t = new BreachTracker(2);
  assert.equal(t.check(second(1, { completed: 1, oldestOutstandingMs: 900 })), undefined);
  const b = t.check(second(2, { completed: 0, oldestOutstandingMs: 1_900 }));
  assert.equal(b?.type, 'breach');
  assert.match(
    b?.type === 'breach' ? b.reason : '',
    /stalled: a request outstanding for 1,900 ms, longer than 60 ms/,
  );
});

test('an error breaches at once', () => {
  const e = new BreachTracker(15);
  assert.equal(e.check(second(1, { errors: 1 }))?.type, 'breach');
});

test('the hook environment carries the details, never the password', () => {
  const url = 'postgresql://app:hunter22@db.example:5432/crm';
  const env = alertEnv(
    {
      event: 'breach',
      scenario: 's',
      reason: 'r',
      since: 'now',
      p95Ms: 41.2,
      targetP95Ms: 35,
      errors: 0,
      target: url,
    },
    url,
    { PATH: '/bin', DATABASE_URL: url, PGPASSWORD: 'hunter22', OTHER: `x${'hunter22'}` },
  );
  assert.equal(env.PGREADY_SCENARIO, 's');
  assert.equal(env.PGREADY_P95_MS, '41.2');
  assert.equal(env.PATH, '/bin');
  assert.ok(!JSON.stringify(env).includes('hunter22'), JSON.stringify(env));
});

test('pg_stat_statements text matches the scenario SQL once literals and $n are normalised', () => {
  const ours =
    "SELECT id FROM communication_logs WHERE lead_id = $1 AND direction = 'outbound'\n ORDER BY sent_at DESC LIMIT 20";
  const theirs =
    'SELECT id FROM communication_logs WHERE lead_id = $1 AND direction = $2 ORDER BY sent_at DESC LIMIT $3';
  assert.equal(normaliseSql(ours), normaliseSql(theirs));
  assert.notEqual(normaliseSql(ours), normaliseSql('SELECT id FROM leads WHERE id = $1'));
});
