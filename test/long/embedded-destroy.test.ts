// Nothing left behind: `db status` shows where the embedded data lives and its size; `db destroy`
// asks (and refuses without a terminal unless --yes), stops the server, and removes exactly what
// pgready made for it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, test } from 'node:test';
import { runCli } from '../helpers/cli.ts';
import { tempHome } from '../helpers/db.ts';
import { freePort } from '../helpers/free-port.ts';

const home = tempHome();
after(() => fs.rmSync(home, { recursive: true, force: true }));

test('db status shows the data directory and its size; db destroy --yes removes it all', async () => {
  const port = String(await freePort());
  const start = await runCli(['db', 'start', '--home', home, '--port', port, '--json']);
  assert.equal(start.code, 0, start.stderr);
  fs.writeFileSync(`${home}/keep-me.txt`, 'not pgready’s');

  const status = await runCli(['db', 'status', '--home', home, '--json']);
  const s = JSON.parse(status.stdout) as { dataDir: string; sizeBytes: number; running: boolean };
  assert.equal(s.running, true);
  assert.ok(s.sizeBytes > 1_000_000, `a cluster takes megabytes, not ${s.sizeBytes} bytes`);
  const text = await runCli(['db', 'status', '--home', home]);
  assert.match(text.stdout, /data directory: .* \(\d+(\.\d)? MB; pgready db destroy removes it\)/);

  const asked = await runCli(['db', 'destroy', '--home', home]);
  assert.equal(asked.code, 2, 'without a terminal it needs --yes');
  assert.match(asked.stderr, /add --yes to confirm/);
  assert.ok(fs.existsSync(s.dataDir), 'nothing removed without confirmation');

  const destroyed = await runCli(['db', 'destroy', '--home', home, '--yes']);
  assert.equal(destroyed.code, 0, destroyed.stderr);
  assert.match(destroyed.stdout, /embedded PostgreSQL stopped/);
  assert.ok(!fs.existsSync(s.dataDir), 'the data directory is gone');
  assert.ok(!fs.existsSync(`${home}/server.json`) && !fs.existsSync(`${home}/password`));
  assert.ok(fs.existsSync(`${home}/keep-me.txt`), 'files pgready did not make stay');
  const after = await runCli(['db', 'status', '--home', home]);
  assert.match(after.stdout, /not set up yet/);
});
