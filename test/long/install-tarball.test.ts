import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cliEnv } from '../helpers/cli.ts';
import { freePort } from '../helpers/free-port.ts';
import { tempDir } from '../helpers/temp.ts';

// What `npm pack` makes works once installed anywhere: a temporary prefix, run from an empty folder
// that is not a clone, the embedded server's data in that folder (never inside node_modules).
const root = fileURLToPath(new URL('../../', import.meta.url));

function run(command: string, args: string[], cwd: string, timeoutMs = 300_000) {
  const r = spawnSync(command, args, { cwd, env: cliEnv(), encoding: 'utf8', timeout: timeoutMs });
  return { code: r.status, out: `${r.stdout}${r.stderr}`, stdout: r.stdout };
}

test('the packed tarball installs into a prefix and runs --version, scenarios, db start/stop and prove from an empty folder', async () => {
  const work = tempDir('pgready-install-');
  // An ordinary folder (mkdtemp makes it 700): the postgres OS user can reach its data directory.
  fs.chmodSync(work, 0o755);
  const pack = run('npm', ['pack', '--pack-destination', work, '--json'], root);
  assert.equal(pack.code, 0, pack.out);
  const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as {
    filename: string;
    files: { path: string }[];
  }[];
  const files = info!.files.map((f) => f.path);
  assert.ok(files.includes('dist/src/cli/main.js'), 'dist/ ships');
  assert.ok(files.includes('LICENSE') && files.includes('README.md'));
  assert.ok(!files.some((f) => f.startsWith('test/')), 'tests do not ship');

  const prefix = path.join(work, 'prefix');
  const install = run(
    'npm',
    ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', path.join(work, info!.filename)],
    work,
  );
  assert.equal(install.code, 0, install.out);
  const bin = path.join(prefix, 'bin', 'pgready');
  const empty = path.join(work, 'empty');
  fs.mkdirSync(empty);

  const version = run(bin, ['--version'], empty);
  assert.equal(version.code, 0, version.out);
  assert.match(version.stdout, /^\d+\.\d+\.\d+/);
  const scenarios = run(bin, ['scenarios'], empty);
  assert.equal(scenarios.code, 0, scenarios.out);
  assert.match(scenarios.stdout, /lead-dashboard-ranking/);

  const port = String(await freePort());
  try {
    const start = run(bin, ['db', 'start', '--port', port], empty, 120_000);
    assert.equal(start.code, 0, start.out);
    assert.ok(fs.existsSync(path.join(empty, '.pgready', 'server.json')), start.out);
    assert.match(start.stdout, new RegExp(`data directory: ${path.join(empty, '.pgready')}`));
    const stop = run(bin, ['db', 'stop'], empty, 60_000);
    assert.equal(stop.code, 0, stop.out);

    const prove = run(bin, ['prove', '--scale', 'tiny', '--port', port], empty, 600_000);
    assert.ok(prove.code === 0 || prove.code === 1, `prove exits 0 or 1, not ${prove.code}:\n${prove.out}`);
    assert.match(prove.stdout, /ENTERPRISE READY|NOT ENTERPRISE READY|NOT READY/);
  } finally {
    run(bin, ['db', 'destroy', '--yes'], empty, 60_000);
  }
  assert.ok(
    !fs.existsSync(path.join(prefix, 'lib', 'node_modules', 'pgready', '.pgready')),
    'nothing lands inside node_modules',
  );
});
