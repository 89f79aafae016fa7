import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { RunResult } from '../../src/results/types.ts';
import { CATALOGUE_NAMES, validCatalogueIndexes } from '../helpers/catalog.ts';
import { runCli, startCli } from '../helpers/cli.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { smallPoolConfig } from '../helpers/run-setup.ts';
import { seededTestDatabase } from '../helpers/seeded.ts';
import { tempDir } from '../helpers/temp.ts';
import { assertSpeedVerdict } from '../helpers/verdict.ts';

let db: TestDatabase;
const config = smallPoolConfig();
const dir = tempDir('pgready-http-');
before(async () => {
  db = await seededTestDatabase('http_cli', { withIndexes: true });
});
after(() => db?.drop());

test('run --driver http is the same engine: closed users honour --think-time (autocannon could not)', async () => {
  const out = path.join(dir, 'think.json');
  const r = await runCli(
    ['run', 'lead-detail', '--database-url', db.url, '--config', config, '--driver', 'http']
      .concat(['--vus', '2', '--think-time', '200ms', '--duration', '2s', '--warmup', '0s'])
      .concat(['--instances', '1', '--phases', 'with', '--baseline', '0', '--no-progress', '-o', out]),
    { timeoutMs: 300_000 },
  );
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  const result = JSON.parse(fs.readFileSync(out, 'utf8')) as RunResult;
  assert.equal(result.config.load.driver, 'http');
  const [s] = result.phases[0]!.scenarios;
  assert.ok(s && s.requests > 0, JSON.stringify(s));
  // 2 users, each a lookup then 200 ms of thought, for 2 s: at most 2 × (2000 / 200 + 1) = 22.
  // Back to back (the think time ignored) a sub-millisecond lookup would make hundreds.
  assert.ok(s.requests <= 22, `${s.requests} requests: the think time was not honoured`);
  assert.ok(s.execution.summary.count > 0, 'database time from Server-Timing');
  const bad = await runCli(['run', '--driver', 'http', '--vus', '0']);
  assert.equal(bad.code, 2, bad.stderr);
  assert.doesNotMatch(bad.stderr, /\n\s+at /);
});

test('pgready serve answers every scenario of the tiny seed and closes on SIGTERM', async () => {
  const serve = startCli(['serve', '--database-url', db.url, '--config', config, '--listen', '127.0.0.1:0'], {
    timeoutMs: 120_000,
  });
  try {
    const [base] = await serve.waitFor(/http:\/\/127\.0\.0\.1:\d+/);
    const list = (await (await fetch(`${base}/scenarios`)).json()) as { scenarios: { name: string }[] };
    assert.equal(list.scenarios.length, 10);
    for (const { name } of list.scenarios) {
      const response = await fetch(`${base}/scenarios/${name}`);
      assert.equal(response.status, 200, `${name}: ${await response.clone().text()}`);
      assert.match(response.headers.get('server-timing') ?? '', /pool;dur=.*db;dur=.*total;dur=/);
      assert.ok(Array.isArray(((await response.json()) as { rows: unknown[] }).rows));
    }
    serve.child.kill('SIGTERM');
    const { code, stderr } = await serve.done;
    assert.equal(code, 130);
    assert.match(stderr, /closed \(in-flight requests finished, pool ended\)/);
    assert.doesNotMatch(stderr, /\n\s+at /);
  } finally {
    serve.child.kill('SIGKILL');
  }
});

test('run --driver http on tiny: both phases with HTTP and database times, and a verdict', async () => {
  const out = path.join(dir, 'http.json');
  const r = await runCli(
    [
      'run',
      '--database-url',
      db.url,
      '--config',
      config,
      '--driver',
      'http',
      '--rate',
      '20',
      '--vus',
      '10',
      '--duration',
      '1s',
      '--warmup',
      '0s',
      '--instances',
      '1',
      '--baseline',
      '0',
      '--no-progress',
      '-o',
      out,
    ],
    { timeoutMs: 300_000 },
  );
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  const result = JSON.parse(fs.readFileSync(out, 'utf8')) as RunResult;
  assert.equal(result.config.load.driver, 'http');
  assert.deepEqual(
    result.phases.map((p) => p.name),
    ['without', 'with'],
  );
  for (const phase of result.phases) {
    assert.equal(phase.scenarios.length, 10);
    for (const s of phase.scenarios) {
      assert.ok(s.latency.summary.count > 0, `${phase.name} ${s.scenario}: HTTP latency`);
      assert.ok(s.execution.summary.count > 0, `${phase.name} ${s.scenario}: database time`);
    }
  }
  assertSpeedVerdict(r.code, result.verdict, r.stdout);
  assert.match(r.stdout, /HTTP \(what the demo user feels.*\n\s+Scenario\s+Phase\s+HTTP p50/);
  assert.deepEqual(await validCatalogueIndexes(db.url), [...CATALOGUE_NAMES].sort());
});
