import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';
import { preloadedLibraries } from '../../src/db/settings.ts';
import { captureStatements } from '../../src/scenarios/capture.ts';
import { autoprewarmState } from '../../src/warmup/server.ts';
import { adminQuery, adminUrl, createTestDatabase, type TestDatabase, withClient } from '../helpers/db.ts';

// A role pgready did not make, without pg_read_all_settings, on a database pgready did not make:
// reading shared_preload_libraries is refused, and neither capture nor warmup may end on that.
let db: TestDatabase;
const role = `pgready_plain_${crypto.randomBytes(3).toString('hex')}`;
let roleUrl: string;

before(async () => {
  db = await createTestDatabase('settings-unprivileged');
  await adminQuery(await adminUrl(), `CREATE ROLE ${role} LOGIN PASSWORD 'pw_${role}'`);
  const url = new URL(db.url);
  url.username = role;
  url.password = `pw_${role}`;
  roleUrl = url.toString();
});

after(async () => {
  await db?.drop();
  await adminQuery(await adminUrl(), `DROP ROLE IF EXISTS ${role}`);
});

test('a role that may not read shared_preload_libraries gets "unknown", not an error; a superuser gets the list', async () => {
  assert.equal(await withClient(roleUrl, preloadedLibraries), undefined);
  assert.ok(Array.isArray(await withClient(db.url, preloadedLibraries)));
});

test('capture as that role says what to do (a UserError), warmup states the grant it would need', async () => {
  await assert.rejects(
    withClient(roleUrl, (c) => captureStatements(c, { tables: ['leads'], top: 5, catalogue: [] })),
    (error: Error) => error.name === 'UserError' && /CREATE EXTENSION pg_stat_statements/.test(error.message),
  );
  const state = await withClient(roleUrl, autoprewarmState);
  assert.equal(state.enabled, false);
  assert.match(state.settingToAdd ?? '', /pg_read_all_settings/);
});
