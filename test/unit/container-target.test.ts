import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.ts';

const dockerHere = fs.existsSync('/var/run/docker.sock') || Boolean(process.env.DOCKER_HOST);

test('--db container without a Docker engine exits 2 within seconds, pointing to the embedded default', {
  skip: dockerHere && 'a Docker engine is reachable here',
}, async () => {
  const started = Date.now();
  const result = await runCli(['seed', '--db', 'container', '--scale', 'tiny']);
  const elapsedMs = Date.now() - started;
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /needs a Docker engine.*none is reachable.*embedded PostgreSQL/);
  assert.equal(result.stderr.trim().split('\n').length, 1, 'one message');
  assert.ok(elapsedMs < 15_000, `took ${elapsedMs} ms`);
});

test('an unknown --db kind is a usage error', async () => {
  const result = await runCli(['seed', '--db', 'docker']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--db.*embedded.*container/);
});
