// No password anywhere: every command that prints or writes — run (table, --json, every --report
// format, progress), report in every format, verify (its formats and the fix script), an
// environment's URL from the config's variable, errors, and the watch hook's environment — is run
// with a password in the URL, and the password is looked for in everything it produced.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { RunResult } from '../../src/results/types.ts';
import { runCli } from '../helpers/cli.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { quickRunFlags, smallPoolConfig } from '../helpers/run-setup.ts';
import { seededTestDatabase } from '../helpers/seeded.ts';
import { stallProbeDatabase, tableLocker } from '../helpers/stall.ts';
import { tempDir } from '../helpers/temp.ts';
import { assertSpeedVerdict } from '../helpers/verdict.ts';
import { watchFixtureDir } from '../helpers/watch.ts';

let db: TestDatabase;
let url: string;
let secret: string;
const dir = tempDir('pgready-secrets-');
const seen: string[] = [];

/** The URL with a password: the embedded server's real one, or (trust auth) one it ignores. */
function withPassword(plain: string): { url: string; secret: string } {
  const u = new URL(plain);
  if (!u.password) u.password = 'Sekr1t-Pa55word';
  return { url: u.toString(), secret: decodeURIComponent(u.password) };
}

before(async () => {
  db = await seededTestDatabase('secrets', { withIndexes: true });
  ({ url, secret } = withPassword(db.url));
});
after(async () => db?.drop());

async function cli(args: string[], options: Parameters<typeof runCli>[1] = {}) {
  const r = await runCli(args, options);
  // What pgready printed (not the command line the test typed).
  seen.push(`${args[0]}: ${r.stdout}\n${r.stderr}`);
  return r;
}

function filesUnder(d: string): string[] {
  return fs
    .readdirSync(d, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(d, e.name)) : [path.join(d, e.name)]));
}

test('run, report, verify, an environment, and errors never show the password', async () => {
  const reports = path.join(dir, 'reports');
  // With progress: its lines must not show the password either.
  const quick = quickRunFlags({ config: smallPoolConfig(), progress: true });
  const run = await cli([
    'run',
    '--database-url',
    url,
    ...quick,
    '--baseline',
    '1',
    'lead-detail',
    '--report',
    'markdown,html,junit,hgrm',
    '--reports-dir',
    reports,
    '-o',
    path.join(dir, 'run.json'),
  ]);
  const saved = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8')) as RunResult;
  assertSpeedVerdict(run.code, saved.verdict, run.stdout);
  await cli([
    'run',
    '--database-url',
    url,
    ...quick,
    '--baseline',
    '0',
    'lead-detail',
    '--json',
    '--reports-dir',
    reports,
  ]);
  for (const format of ['text', 'markdown', 'html', 'junit', 'hgrm', 'hlog', 'json'])
    await cli([
      'report',
      path.join(dir, 'run.json'),
      '--format',
      format,
      '--output',
      path.join(dir, `re-${format}`),
    ]);
  await cli([
    'verify',
    '--database-url',
    url,
    '--no-probe',
    '--format',
    'markdown',
    '--save-fix-script',
    path.join(dir, 'fix.sql'),
    '--report',
    'markdown,junit',
    '--reports-dir',
    reports,
  ]);
  // An environment: the config names the variable, the variable holds the URL (with its password).
  fs.writeFileSync(
    path.join(dir, 'pgready.config.json'),
    JSON.stringify({ environments: { staging: { urlEnv: 'STAGING_DATABASE_URL' } } }),
  );
  await cli(['verify', '-e', 'staging', '--no-probe'], { cwd: dir, env: { STAGING_DATABASE_URL: url } });
  // Errors: a scenario that does not exist, a seed refused, a server that refuses.
  await cli(['run', '--database-url', url, 'no-such-scenario']);
  await cli(['seed', '--database-url', url, '--scale', 'small']);
  const refused = new URL(url);
  refused.port = '1';
  await cli(['verify', '--database-url', refused.toString(), '--no-probe']);

  const files = filesUnder(dir);
  assert.ok(
    files.some((f) => f.endsWith('.html')) && files.some((f) => f.endsWith('.hgrm')),
    files.join('\n'),
  );
  for (const file of files) seen.push(`file ${file}\n${fs.readFileSync(file, 'utf8')}`);
  const leaks = seen.filter((text) => text.includes(secret) || text.includes(encodeURIComponent(secret)));
  assert.deepEqual(
    leaks.map((l) => l.slice(0, 200)),
    [],
    'the password appears nowhere',
  );
  assert.ok(
    seen.some((t) => t.includes(':***@')),
    'URLs are shown, masked',
  );
});

test("the watch hook's environment carries the details but never the password", async () => {
  const probe = await stallProbeDatabase('secrets_watch', 'watch_probe');
  const { url: watchUrl, secret: watchSecret } = withPassword(probe.url);
  const envFile = path.join(dir, 'hook-env.txt');
  const locker = await tableLocker(probe.url, 'watch_probe', 2_000);
  try {
    // DATABASE_URL and PGPASSWORD both set in pgready's environment: the hook must get neither.
    const run = await runCli(
      [
        'watch',
        'watch-probe',
        '--duration',
        '10s',
        '--breach-for',
        '1s',
        '--window',
        '3s',
        '--rate',
        '10',
        '--database-url',
        watchUrl,
        '--on-breach',
        `env > ${envFile}`,
      ],
      {
        cwd: watchFixtureDir(),
        env: { DATABASE_URL: watchUrl, PGPASSWORD: watchSecret },
        onLine: (line) => {
          if (line.startsWith('watch: probing')) void locker.stall();
        },
      },
    );
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.ok(fs.existsSync(envFile), `the hook ran: ${run.stdout}\n${run.stderr}`);
    const env = fs.readFileSync(envFile, 'utf8');
    assert.match(env, /^PGREADY_/m, 'the hook got the breach details');
    assert.ok(!env.includes(watchSecret), 'no password in the hook environment');
    assert.ok(!`${run.stdout}${run.stderr}`.includes(watchSecret));
  } finally {
    await locker.end();
    await probe.drop();
  }
});
