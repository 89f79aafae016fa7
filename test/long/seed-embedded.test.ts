import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { EmbeddedServer } from '../../src/db/embedded/server.ts';
import { runCli } from '../helpers/cli.ts';
import { removeHome, tempHome } from '../helpers/db.ts';
import { freePort } from '../helpers/free-port.ts';

// With no URL, `pgready seed` starts the embedded server for itself, seeds it and stops it again.
const home = tempHome();
after(() => {
  const server = new EmbeddedServer({ home });
  try {
    if (server.status().running) server.stop();
  } catch {}
  removeHome(home, server);
});

test('seed with no URL uses the embedded server and stops it after; a wrong password is refused', async () => {
  const port = String(await freePort());
  const seeded = await runCli([
    'seed',
    '--home',
    home,
    '--port',
    port,
    '--scale',
    'tiny',
    '--json',
    '--workers',
    '0',
  ]);
  assert.equal(seeded.code, 0, seeded.stderr);
  const report = JSON.parse(seeded.stdout);
  assert.equal(report.rowCounts.leads, 2_000);
  assert.match(report.database, /postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:/, 'the URL is masked');
  const password = fs.readFileSync(path.join(home, 'password'), 'utf8').trim();
  assert.ok(!seeded.stdout.includes(password) && !seeded.stderr.includes(password));
  assert.equal(
    new EmbeddedServer({ home }).status().running,
    false,
    'the server this command started is stopped',
  );

  const start = await runCli(['db', 'start', '--home', home]);
  assert.equal(start.code, 0, start.stderr);
  try {
    const again = await runCli(['seed', '--home', home, '--scale', 'tiny', '--json']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).alreadySeeded, true, 'the seed survived the restart');
    assert.equal(
      new EmbeddedServer({ home }).status().running,
      true,
      'a server started by db start keeps running',
    );

    const wrong = `postgresql://postgres:not-the-password@127.0.0.1:${port}/pgready`;
    const refused = await runCli(['seed', '--database-url', wrong]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /cannot connect to postgresql:\/\/postgres:\*\*\*@.*authentication failed/);
    assert.ok(!refused.stderr.includes('not-the-password'));
    assert.doesNotMatch(refused.stderr, /\n\s+at /);
  } finally {
    await runCli(['db', 'stop', '--home', home]);
  }
});
