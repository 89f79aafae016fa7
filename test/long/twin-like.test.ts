import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import type { TwinResult } from '../../src/results/twin.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { assertFidelity, contactsInTwin, fillSource, sourceContacts, sourceState } from '../helpers/twin.ts';

// seed --like on the application-shaped database (pgready did not make it): a twin at factor 10 in
// a fresh database that pgready's own seed flow then owns; fidelity within the bounds, no
// source contact in the twin, the same checksums when built again, the source untouched.
const SOURCE_LEADS = 1_000;
let source: TestDatabase;
let twin: TestDatabase;
let empty: TestDatabase;
let before0: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgready-twin-'));

before(async () => {
  source = await createTestDatabase('twin_source');
  twin = await createTestDatabase('twin_target');
  empty = await createTestDatabase('twin_empty');
  await fillSource(source.url, SOURCE_LEADS);
  await new Promise((r) => setTimeout(r, 1200));
  before0 = await sourceState(source.url);
});
after(async () => {
  await source?.drop();
  await twin?.drop();
  await empty?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function checksums(url: string): Promise<string> {
  const r = await runCli(['seed', 'checksum', '--database-url', url]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

async function relations(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(
      "SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = 'public'::regnamespace",
    );
    return r.rows[0].n;
  } finally {
    await c.end();
  }
}

test('seed --like --factor 10 builds a twin within the fidelity bounds, without a source contact, deterministically', async () => {
  const out = path.join(dir, 'twin.json');
  const r = await runCli(
    ['seed', '--like', source.url, '--database-url', twin.url, '--factor', '10', '--no-progress', '-o', out],
    { timeoutMs: 300_000 },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Foreign keys: children per parent/);
  const result = JSON.parse(fs.readFileSync(out, 'utf8')) as TwinResult;
  assert.equal(result.kind, 'twin');
  const leads = result.tables.find((t) => t.name === 'leads')!;
  assert.equal(leads.twinRows, SOURCE_LEADS * 10);
  const logs = result.tables.find((t) => t.name === 'communication_logs')!;
  assert.equal(logs.twinRows, SOURCE_LEADS * 70, 'seven logs per lead, as on the source');
  assertFidelity(result);
  for (const col of ['email', 'phone', 'full_name', 'owner_email'])
    assert.ok(
      result.columns.find((c) => c.table === 'leads' && c.column === col)?.replaced,
      `${col} replaced`,
    );
  assert.equal(
    await contactsInTwin(twin.url, await sourceContacts(source.url)),
    0,
    'no source contact in the twin',
  );
  assert.deepEqual(result.source.tables.sort(), [
    'churn_events',
    'churn_predictions',
    'communication_logs',
    'leads',
  ]);
  assert.ok(
    result.indexes.includes('ix_churn_events_eligibility_occurred'),
    'the source’s near-duplicate recreated',
  );
  assert.doesNotMatch(JSON.stringify(result), /@example\.com/, 'no source value in the result');

  const first = await checksums(twin.url);
  assert.equal(await checksums(twin.url), first);
  // Built again on one thread: the same rows.
  const again = await runCli(
    [
      'seed',
      '--like',
      source.url,
      '--database-url',
      twin.url,
      '--factor',
      '10',
      '--reset',
      '--workers',
      '0',
      '--no-progress',
    ],
    { timeoutMs: 300_000 },
  );
  assert.equal(again.code, 0, again.stderr);
  assert.equal(await checksums(twin.url), first);

  for (const format of ['text', 'markdown', 'html', 'json']) {
    const rendered = await runCli(['report', out, '--format', format]);
    assert.equal(rendered.code, 0, `${format}: ${rendered.stderr}`);
    assert.match(rendered.stdout, /communication_logs/);
  }
  assert.equal(
    await sourceState(source.url),
    before0,
    'the source is unchanged (relations, indexes, write counters)',
  );
});

test('bad input exits 2 with one line and writes nothing', async () => {
  const cases: [string[], RegExp][] = [
    [['--tables', 'leads,nosuch'], /no table public\.nosuch/],
    [['--rows', 'nosuch=10'], /--rows names nosuch/],
    [['--rows', 'leads=lots'], /not table=N/],
    [['--like-schema', 'nosuch'], /no schema "nosuch"/],
  ];
  for (const [args, message] of cases) {
    const r = await runCli([
      'seed',
      '--like',
      source.url,
      '--database-url',
      empty.url,
      '--no-progress',
      ...args,
    ]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  const self = await runCli(['seed', '--like', empty.url, '--database-url', empty.url, '--no-progress']);
  assert.equal(self.code, 2, self.stderr);
  const unreachable = await runCli([
    'seed',
    '--like',
    'postgresql://postgres@127.0.0.1:1/nosuch',
    '--database-url',
    empty.url,
    '--no-progress',
  ]);
  assert.equal(unreachable.code, 2, unreachable.stderr);
  assert.match(unreachable.stderr, /cannot connect/);
  assert.equal(await relations(empty.url), 0, 'nothing written');
  // A twin over a database holding another dataset needs --reset.
  const over = await runCli(['seed', '--like', source.url, '--database-url', twin.url, '--no-progress']);
  assert.equal(over.code, 2, over.stderr);
  assert.match(over.stderr, /add --reset/);
  assert.equal(await sourceState(source.url), before0, 'the source is unchanged');
});
