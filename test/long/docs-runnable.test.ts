import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { BIN, cliEnv } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { docFiles, shellBlocks } from '../helpers/docs.ts';
import { tempDir } from '../helpers/temp.ts';

// The shell blocks fenced `sh runnable` in the README and docs/ run as written, in order, against
// a fresh database of the test server (DATABASE_URL), from an empty folder where `pgready` and
// `npx pgready` are this checkout's build. Each command may end with a verdict (0 or 1), never a
// usage or connection error (2), an internal one (70), or a signal.
let db: TestDatabase;
before(async () => {
  db = await createTestDatabase('docs_runnable');
});
after(() => db?.drop());

const blocks = docFiles().flatMap((f) => shellBlocks(f).filter((b) => b.runnable));

/** A folder on PATH with `pgready` and an `npx` that runs only `npx pgready`. */
function shims(): string {
  const dir = tempDir('pgready-docs-bin-');
  fs.writeFileSync(path.join(dir, 'pgready'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, {
    mode: 0o755,
  });
  fs.writeFileSync(
    path.join(dir, 'npx'),
    '#!/bin/sh\nif [ "$1" = pgready ]; then shift; exec pgready "$@"; fi\necho "npx $1: only npx pgready runs in the docs test" >&2\nexit 2\n',
    { mode: 0o755 },
  );
  return dir;
}

test('there are runnable blocks in the README and in docs/', () => {
  assert.ok(blocks.some((b) => b.file === 'README.md'));
  assert.ok(blocks.some((b) => b.file.startsWith('docs/')));
});

test('every `sh runnable` block of the README and docs/ runs', { timeout: 300_000 }, () => {
  const bin = shims();
  const cwd = tempDir('pgready-docs-cwd-');
  const env = cliEnv({ DATABASE_URL: db.url, PATH: `${bin}:${process.env.PATH ?? ''}` });
  for (const block of blocks) {
    const commands = block.body
      .replace(/\\\n/g, ' ')
      .split('\n')
      .filter((l) => l.trim() && !l.trim().startsWith('#'));
    for (const command of commands) {
      const r = spawnSync('/bin/sh', ['-c', command], { cwd, env, encoding: 'utf8', timeout: 240_000 });
      assert.ok(
        r.status === 0 || r.status === 1,
        `${block.file}:${block.line}: \`${command}\` exited ${r.status ?? r.signal}\n${r.stdout}${r.stderr}`,
      );
    }
  }
});
