// `pgready report` and `pgready compare` as a user runs them, and the --report writer.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { REPORT_FORMATS, renderReport } from '../../src/reporters/index.ts';
import { writeReports } from '../../src/reporters/write.ts';
import { runCli } from '../helpers/cli.ts';
import { fixturePath, leakyRun, ms, runFixture, SECRET, verifyFixture } from '../helpers/report-fixtures.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir('pgready-report-cli-');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('report re-renders a saved result in each format', async () => {
  const result = runFixture('run-not-ready');
  const md = await runCli(['report', fixturePath('run-not-ready'), '--format', 'markdown']);
  assert.equal(md.code, 0, md.stderr);
  assert.match(md.stdout, /^# Database Performance Report/);
  const p95 = result.phases[1]?.scenarios[0]?.latency.summary.p95Us ?? 0;
  assert.ok(md.stdout.includes(ms(p95)));

  const json = await runCli(['report', fixturePath('run-not-ready'), '--format', 'json']);
  assert.deepEqual(JSON.parse(json.stdout), result);

  const out = path.join(dir, 'r.html');
  const html = await runCli(['report', fixturePath('run-ready'), '-f', 'html', '-o', out]);
  assert.equal(html.code, 0, html.stderr);
  assert.match(fs.readFileSync(out, 'utf8'), /^<!doctype html>[\s\S]*ENTERPRISE READY/);

  const hgrm = await runCli(['report', fixturePath('run-ready'), '-f', 'hgrm', '-o', path.join(dir, 'run')]);
  assert.equal(hgrm.code, 0, hgrm.stderr);
  const written = fs.readdirSync(dir).filter((f) => f.startsWith('run.'));
  assert.equal(written.filter((f) => f.endsWith('.hgrm')).length, 10);
  assert.ok(written.includes('run.hlog'));
  assert.match(
    fs.readFileSync(path.join(dir, 'run.lead-dashboard-ranking.with.hgrm'), 'utf8'),
    /Total count\s+=\s+320\]/,
  );

  const verify = await runCli(['report', fixturePath('verify-not-ready')]);
  assert.equal(verify.code, 0, verify.stderr);
  assert.match(verify.stdout, /pgready verify — NOT READY/);
});

test('report refuses what it cannot read, with one line and exit 2', async () => {
  const notJson = path.join(dir, 'notes.txt');
  fs.writeFileSync(notJson, 'hello');
  const other = path.join(dir, 'other.json');
  fs.writeFileSync(other, '{"name":"something else"}');
  const future = path.join(dir, 'future.json');
  fs.writeFileSync(future, JSON.stringify({ ...runFixture('run-ready'), version: 99 }));
  const cases: [string[], RegExp][] = [
    [['report', path.join(dir, 'missing.json')], /does not exist/],
    [['report', notJson], /is not JSON/],
    [['report', other], /is not a pgready result/],
    [['report', future], /version 99; this pgready reads version 1/],
    [['report', fixturePath('run-ready'), '-f', 'pdf'], /Allowed choices are text, markdown, html/],
    [['report', fixturePath('verify-not-ready'), '-f', 'html'], /needs a run result/],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('compare exits 1 on a regression, 0 without, with --json for machines', async () => {
  const bad = await runCli(['compare', fixturePath('run-ready'), fixturePath('run-not-ready')]);
  assert.equal(bad.code, 1, bad.stderr);
  assert.match(bad.stdout, /win-back-eligible\s+│ with\s+│.*REGRESSION/);
  const same = await runCli(['compare', fixturePath('run-ready'), fixturePath('run-ready'), '--json']);
  assert.equal(same.code, 0, same.stderr);
  const parsed = JSON.parse(same.stdout);
  assert.equal(parsed.regressions, 0);
  assert.equal(parsed.scenarios.length, 10);
  const loose = await runCli([
    'compare',
    fixturePath('run-ready'),
    fixturePath('run-not-ready'),
    '--threshold-percent',
    '100000',
  ]);
  // Loose thresholds forgive every percentile; the claims whose after held and now fails still regress.
  assert.equal(loose.code, 1, loose.stdout);
  assert.match(loose.stdout, /│ ok +│\n.*└/s);
  assert.doesNotMatch(loose.stdout, /│ REGRESSION/);
  assert.match(
    loose.stdout,
    /3 regression\(s\): claim idx_leads_status_score after holds → fails, claim idx_churn_events_recovery_eligibility after holds → fails, claim idx_comm_followup_history improvement met → missed/,
  );
  const usage = await runCli([
    'compare',
    fixturePath('run-ready'),
    fixturePath('run-ready'),
    '--threshold-ms',
    'x',
  ]);
  assert.equal(usage.code, 2);
});

test('--report writes timestamped files under reports/ and returns their paths', () => {
  const result = runFixture('run-ready');
  const paths = writeReports(result, ['markdown', 'html', 'junit', 'hgrm'], {
    dir: path.join(dir, 'reports'),
  });
  const names = paths.map((p) => path.basename(p));
  assert.ok(names.includes('2026-11-25T14-30-00-run.md'));
  assert.ok(names.includes('2026-11-25T14-30-00-run.html'));
  assert.ok(names.includes('2026-11-25T14-30-00-run.junit.xml'));
  assert.ok(names.includes('2026-11-25T14-30-00-run.hlog'));
  assert.equal(names.filter((n) => n.endsWith('.hgrm')).length, 10);
  for (const p of paths) assert.ok(fs.statSync(p).size > 100, p);
});

test('no format ever prints a password, even one leaked into the result', () => {
  const leaky = leakyRun();
  for (const format of REPORT_FORMATS)
    for (const file of renderReport(format, leaky)) {
      assert.ok(!file.content.includes(SECRET), `${format}${file.suffix} leaks the password`);
      if (format !== 'hgrm') assert.ok(file.content.includes('demo:***@'), `${format} shows the masked URL`);
    }
  const verify = verifyFixture();
  verify.target.displayUrl = `postgres://ro:${SECRET}@db/crm`;
  for (const format of ['text', 'markdown', 'junit', 'json'] as const)
    for (const file of renderReport(format, verify)) assert.ok(!file.content.includes(SECRET), format);
});
