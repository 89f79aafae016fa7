import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../helpers/cli.ts';
import { adminUrl, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { freePort } from '../helpers/free-port.ts';
import { tempDir } from '../helpers/temp.ts';

// Every way a user can get `pgready seed` wrong: exit 2, one clear line, no stack trace, no password.
let db: TestDatabase;
let cwd: string;
before(async () => {
  db = await createTestDatabase('seed_errors');
  cwd = tempDir('pgready-seed-cfg-');
});
after(async () => {
  fs.rmSync(cwd, { recursive: true, force: true });
  await db?.drop();
});

function assertUsageError(
  r: { code: number | null; stderr: string },
  pattern: RegExp,
  secret?: string,
): void {
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  if (secret) assert.ok(!r.stderr.includes(secret), 'the password never reaches the output');
}

test('unknown scale lists the scales', async () => {
  const r = await runCli(['seed', '--database-url', db.url, '--scale', 'gigantic']);
  assertUsageError(r, /unknown scale "gigantic"; choose one of: tiny .*small .*demo .*enterprise .*xl/);
});

test('a URL that is not a URL', async () => {
  assertUsageError(
    await runCli(['seed', '--database-url', 'not a url']),
    /is not a URL; expected postgresql:\/\//,
  );
});

test('an unreachable server', async () => {
  const port = await freePort();
  const r = await runCli(['seed', '--database-url', `postgresql://u:s3cretpw@127.0.0.1:${port}/x`]);
  assertUsageError(r, /cannot connect to .*connection refused/, 's3cretpw');
});

test('a wrong password (servers that check passwords)', async (t) => {
  const admin = new URL(await adminUrl());
  if (!admin.password) return t.skip('the test server trusts every connection (no password to get wrong)');
  admin.password = 'wrong-password-123';
  admin.pathname = `/${db.name}`;
  const r = await runCli(['seed', '--database-url', admin.toString()]);
  assertUsageError(r, /authentication failed/, 'wrong-password-123');
});

test('a role that does not exist', async () => {
  const url = new URL(db.url);
  url.username = 'no_such_role_pgready';
  url.password = 'pw-xyz-987';
  const r = await runCli(['seed', '--database-url', url.toString()]);
  assertUsageError(
    r,
    /cannot connect to .*(authentication failed|role "no_such_role_pgready" does not exist)/,
    'pw-xyz-987',
  );
});

test('a bad config file reports every problem', async () => {
  fs.writeFileSync(
    path.join(cwd, 'pgready.config.json'),
    JSON.stringify({ pool: { pool_size: 0 }, environments: { staging: { urlEnv: 'not a var' } } }),
  );
  const r = await runCli(['seed', '--database-url', db.url], { cwd });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /invalid config/);
  assert.match(r.stderr, /pool\.pool_size/);
  assert.match(r.stderr, /environments\.staging\.urlEnv/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});
