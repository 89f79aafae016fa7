import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskSecretsInText, maskUrl, parseDatabaseUrl, withDatabase } from '../../src/db/url.ts';

test('maskUrl hides the password and keeps everything else', () => {
  assert.equal(
    maskUrl('postgresql://app:s3cret@db.example:6432/crm'),
    'postgresql://app:***@db.example:6432/crm',
  );
  assert.equal(maskUrl('postgres://app@db/crm'), 'postgres://app@db/crm');
  assert.doesNotMatch(maskUrl('postgresql://db/crm?password=s3cret&sslmode=require'), /s3cret/);
});

test('maskUrl hides passwords with characters that need escaping', () => {
  const masked = maskUrl('postgresql://app:p%40ss%3Aw0rd@db:5432/crm');
  assert.doesNotMatch(masked, /p%40ss|w0rd/);
});

test('maskSecretsInText hides URLs inside error messages', () => {
  const text = 'could not connect to postgresql://u:hunter2@h:1/d (password=hunter2)';
  assert.doesNotMatch(maskSecretsInText(text), /hunter2/);
});

test('parseDatabaseUrl rejects what is not a PostgreSQL URL, without echoing secrets', () => {
  const bad = parseDatabaseUrl('mysql://u:topsecret@h/d');
  assert.equal(bad.ok, false);
  assert.ok(!bad.ok && !bad.problem.includes('topsecret'));
  assert.equal(parseDatabaseUrl('not a url').ok, false);
  assert.equal(parseDatabaseUrl('postgresql://h/d').ok, true);
});

test('withDatabase swaps only the database name', () => {
  assert.equal(withDatabase('postgresql://u:p@h:5/a', 'b'), 'postgresql://u:p@h:5/b');
});
