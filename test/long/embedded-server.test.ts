import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { EmbeddedServer } from '../../src/db/embedded/server.ts';
import { runCli } from '../helpers/cli.ts';
import { removeHome, tempHome } from '../helpers/db.ts';
import { freePort } from '../helpers/free-port.ts';

const homes: string[] = [];
after(() => {
  for (const home of homes) {
    const server = new EmbeddedServer({ home });
    try {
      if (server.status().running) server.stop();
    } catch {}
    removeHome(home, server);
  }
});

function newHome(): string {
  const home = tempHome();
  homes.push(home);
  return home;
}

test('db start / status / url / stop through the CLI, as root or not', async () => {
  const home = newHome();
  const port = String(await freePort());
  const start = await runCli(['db', 'start', '--home', home, '--port', port, '--json']);
  assert.equal(start.code, 0, start.stderr);
  const started = JSON.parse(start.stdout);
  assert.equal(started.started, true);
  assert.doesNotMatch(start.stdout, new RegExp(fs.readFileSync(path.join(home, 'password'), 'utf8').trim()));
  assert.equal((fs.statSync(path.join(home, 'password')).mode & 0o777).toString(8), '600');

  const again = await runCli(['db', 'start', '--home', home, '--json']);
  assert.equal(JSON.parse(again.stdout).started, false, 'a second start reuses the running server');

  const masked = await runCli(['db', 'url', '--home', home]);
  assert.match(masked.stdout, /:\*\*\*@127\.0\.0\.1/);
  const shown = await runCli(['db', 'url', '--home', home, '--show-password']);
  const client = new pg.Client({ connectionString: shown.stdout.trim() });
  await client.connect();
  const settings = await client.query(
    "SELECT current_setting('max_connections')::int AS max, current_setting('application_name') AS app",
  );
  await client.end();
  assert.ok(settings.rows[0].max >= 300, 'max_connections leaves room for several production pools');

  const status = await runCli(['db', 'status', '--home', home, '--json']);
  assert.equal(JSON.parse(status.stdout).running, true);
  const stop = await runCli(['db', 'stop', '--home', home]);
  assert.equal(stop.code, 0, stop.stderr);
  assert.equal(JSON.parse((await runCli(['db', 'status', '--home', home, '--json'])).stdout).running, false);
});

test('a taken port gives exit 2 and says what to do', async () => {
  const home = newHome();
  const port = await freePort();
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', () => resolve()));
  try {
    const result = await runCli(['db', 'start', '--home', home, '--port', String(port)]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, new RegExp(`port ${port}.*taken.*--port`));
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  } finally {
    blocker.close();
  }
});

test('a data directory of another major version is refused with exit 2', async () => {
  const home = newHome();
  const server = new EmbeddedServer({ home, port: await freePort() });
  await server.start();
  server.stop();
  const state = server.state()!;
  const versionFile = path.join(state.dataDir, 'PG_VERSION');
  fs.writeFileSync(versionFile, '13\n');
  const result = await runCli(['db', 'start', '--home', home]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /PostgreSQL 13 cluster.*PostgreSQL 18/);
});

test('stop refuses a server pgready did not start', async () => {
  const home = newHome();
  const server = new EmbeddedServer({ home, port: await freePort() });
  await server.start();
  const statePath = path.join(home, 'server.json');
  const state = JSON.parse(fs.readFileSync(statePath, 'utf8'));
  fs.writeFileSync(statePath, JSON.stringify({ ...state, pid: 1 }));
  const result = await runCli(['db', 'stop', '--home', home]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /not started by pgready/);
  fs.writeFileSync(statePath, JSON.stringify(state));
  server.stop();
});

test('as root, a home the postgres user cannot reach (mode 700 parent) falls back to the temp folder and says so', {
  skip: process.getuid?.() !== 0 && 'only root switches to the postgres OS user',
}, async () => {
  const locked = tempHome();
  homes.push(locked);
  fs.chmodSync(locked, 0o700);
  const home = path.join(locked, 'project', '.pgready');
  homes.push(home);
  const result = await runCli(['db', 'start', '--home', home, '--port', String(await freePort()), '--json']);
  assert.equal(result.code, 0, result.stderr);
  const started = JSON.parse(result.stdout);
  assert.match(started.note, /cannot reach .*mode 700/);
  assert.ok(
    !started.dataDir.startsWith(locked),
    `data directory ${started.dataDir} is outside the locked folder`,
  );
  const stop = await runCli(['db', 'stop', '--home', home]);
  assert.equal(stop.code, 0, stop.stderr);

  // A fresh clone at the same path: the old cluster (its password gone with the old clone) is left
  // alone, and a new one is made beside it.
  fs.rmSync(home, { recursive: true, force: true });
  try {
    const again = await runCli(['db', 'start', '--home', home, '--port', String(await freePort()), '--json']);
    assert.equal(again.code, 0, again.stderr);
    const second = JSON.parse(again.stdout);
    assert.notEqual(second.dataDir, started.dataDir);
    assert.ok(fs.existsSync(path.join(started.dataDir, 'PG_VERSION')), 'the old cluster is untouched');
    assert.equal((await runCli(['db', 'stop', '--home', home])).code, 0);
  } finally {
    fs.rmSync(path.dirname(started.dataDir), { recursive: true, force: true });
  }
});
