import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { TwinResult } from '../../src/results/twin.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { assertFidelity, contactsInTwin, fillSource, sourceContacts, sourceState } from '../helpers/twin.ts';

// The figure: the application-shaped database with 20k leads, analyzed; seed --like
// --factor 10 (200k leads, 1.4M logs) within the fidelity bounds, no source contact, source untouched.
let source: TestDatabase;
let twin: TestDatabase;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgready-twin-20k-'));

before(async () => {
  source = await createTestDatabase('twin20k_source');
  twin = await createTestDatabase('twin20k_target');
  await fillSource(source.url, 20_000);
  await new Promise((r) => setTimeout(r, 1200));
});
after(async () => {
  await source?.drop();
  await twin?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('20k leads × 10: fidelity within bounds, no source contact, the source unchanged', async () => {
  const state = await sourceState(source.url);
  const out = path.join(dir, 'twin.json');
  const r = await runCli(
    ['seed', '--like', source.url, '--database-url', twin.url, '--factor', '10', '--no-progress', '-o', out],
    { timeoutMs: 900_000 },
  );
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(fs.readFileSync(out, 'utf8')) as TwinResult;
  assert.equal(result.tables.find((t) => t.name === 'leads')?.twinRows, 200_000);
  assert.equal(result.tables.find((t) => t.name === 'communication_logs')?.twinRows, 1_400_000);
  assertFidelity(result);
  assert.equal(await contactsInTwin(twin.url, await sourceContacts(source.url)), 0);
  assert.equal(await sourceState(source.url), state);
});
