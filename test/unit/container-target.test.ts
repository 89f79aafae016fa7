import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.ts';

const dockerHere = fs.existsSync('/var/run/docker.sock') || Boolean(process.env.DOCKER_HOST);

test('--db container without a Docker engine exits 2 with one message pointing to the embedded default', {
  skip: dockerHere && 'a Docker engine is reachable here',
}, async () => {
  // How fast it gives up is bench/startup.ts's business; here: it gives up, by itself, with its message.
  const result = await runCli(['seed', '--db', 'container', '--scale', 'tiny'], { timeoutMs: 120_000 });
  assert.equal(result.signal, null, 'it ended by itself');
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /needs a Docker engine.*none is reachable.*embedded PostgreSQL/);
  assert.equal(result.stderr.trim().split('\n').length, 1, 'one message');
});

test('an unknown --db kind is a usage error', async () => {
  const result = await runCli(['seed', '--db', 'docker']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--db.*embedded.*container/);
});
