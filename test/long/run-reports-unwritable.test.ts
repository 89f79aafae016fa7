// A reports directory that cannot be written, or a full disk, never costs the measurements: the
// table is printed, the result JSON is kept somewhere (and the message says where), exit 2 with
// one message and no stack trace. Tests run as root, which ignores file modes, so the faults are a
// path through a regular file (ENOTDIR) and /dev/full (ENOSPC).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { seedDatabase } from '../../src/seed/seed.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { quickRunFlags, smallPoolConfig } from '../helpers/run-setup.ts';
import { tempDir } from '../helpers/temp.ts';

let db: TestDatabase;
const dir = tempDir('pgready-unwritable-');
const kept: string[] = [];

before(async () => {
  db = await createTestDatabase('unwritable');
  await seedDatabase(db.url, { scale: 'tiny', seed: 9, withIndexes: true, workers: 0 });
});
after(async () => {
  for (const f of kept) fs.rmSync(f, { force: true });
  fs.rmSync(dir, { recursive: true, force: true });
  await db?.drop();
});

const quickRun = (extra: string[]) =>
  runCli([
    'run',
    '--database-url',
    db.url,
    ...quickRunFlags({ thinkTime: '50ms', config: smallPoolConfig() }),
    'lead-detail',
    ...extra,
  ]);

test('a reports directory through a regular file: table printed, result kept in the temp folder, exit 2', async () => {
  const file = path.join(dir, 'not-a-dir');
  fs.writeFileSync(file, 'x');
  const r = await quickRun(['--reports-dir', path.join(file, 'reports')]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stdout, /lead-detail/, 'the table is printed first');
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /^pgready: could not write .*not-a-dir.* \(ENOTDIR/);
  const where = /the result is kept at (\S+\.json)/.exec(lines[0]!)?.[1];
  assert.ok(where, lines[0]);
  kept.push(where);
  const again = await runCli(['report', where, '--format', 'text']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /lead-detail/);
});

test('a full disk for --output: the JSON in the reports directory is kept and named, exit 2', async () => {
  const reports = path.join(dir, 'reports');
  const r = await quickRun(['--reports-dir', reports, '--output', '/dev/full']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /could not write \/dev\/full \(ENOSPC/);
  const where = /the result is kept at (\S+\.json)/.exec(r.stderr)?.[1];
  assert.ok(where?.startsWith(reports), r.stderr);
  assert.ok(fs.existsSync(where!));
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});
