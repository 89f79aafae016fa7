/**
 * What the verify case tests share: hand-made databases (the requirement's tables as an
 * application might have them, in any schema), verify through the real executable, the fix script
 * applied with psql, and the rule that the verdict and the script always agree.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import type { VerifyResult } from '../../src/results/verify.ts';
import { catalogSnapshot } from './catalog.ts';
import { runCli } from './cli.ts';

const exec = promisify(execFile);
const SCHEMA_SQL = fs.readFileSync(new URL('../../seed/schema.sql', import.meta.url), 'utf8');

/** The seed's four tables, optionally rewritten (other types, extra columns), in `schema`. */
export function handMadeSchemaSql(
  options: { schema?: string; rewrite?: (sql: string) => string } = {},
): string {
  const body = (options.rewrite ?? ((s) => s))(SCHEMA_SQL);
  const schema = options.schema ?? 'public';
  return `CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path = ${schema};\n${body}`;
}

/** A few hundred rows per table, so every built-in scenario finds its sample. */
export function handMadeDataSql(schema = 'public'): string {
  return `SET search_path = ${schema};
INSERT INTO leads (id, tenant_id, agent_id, first_name, last_name, email, company, source, status, score, intent,
  property_interest, budget_min, budget_max, bedrooms, city, state, preferred_channel, created_at, updated_at, last_contacted_at)
SELECT g, 1, g % 7, 'F' || g, 'L' || g, 'e' || g || '@example.test', 'C' || (g % 13),
  (ARRAY['website','zillow','referral'])[1 + g % 3], (ARRAY['new','contacted','qualified','closed_won','closed_lost'])[1 + g % 5],
  g % 101, (ARRAY['buy','sell','rent','invest'])[1 + g % 4], 'condo', 100000, 500000 + g, 2,
  (ARRAY['Austin','Denver'])[1 + g % 2], 'TX', 'email', now() - g * interval '1 hour', now(), now() - g * interval '2 hours'
FROM generate_series(1, 400) g;
INSERT INTO churn_predictions SELECT g, 1 + g % 400, now() - g * interval '1 hour', (g % 100) / 100.0,
  (ARRAY['low','medium','high','critical'])[1 + g % 4], 'v1', g % 30, 0.5, 'silence' FROM generate_series(1, 1200) g;
INSERT INTO churn_events SELECT g, 1 + g % 400, 'went_silent', now() - g * interval '1 day', NULL,
  (ARRAY['eligible','not_eligible','in_campaign','recovered','expired'])[1 + g % 5], g % 3, NULL, 0.4 FROM generate_series(1, 200) g;
INSERT INTO communication_logs SELECT g, 1 + g % 400, g % 7, (ARRAY['email','sms','call'])[1 + g % 3],
  (ARRAY['outbound','inbound'])[1 + g % 2], 'sent', 'Subject ' || g, NULL, g % 10, g % 5, NULL, now() - g * interval '1 hour'
FROM generate_series(1, 3000) g;
ANALYZE;`;
}

export async function verifyJson(
  url: string,
  ...extra: string[]
): Promise<{ code: number | null; result: VerifyResult; stderr: string }> {
  const out = await runCli(['verify', '--database-url', url, '--no-probe', '--format', 'json', ...extra]);
  assert.ok(out.stdout.startsWith('{'), `verify printed no JSON (exit ${out.code}): ${out.stderr}`);
  return { code: out.code, result: JSON.parse(out.stdout) as VerifyResult, stderr: out.stderr };
}

export function states(result: VerifyResult): Record<string, string> {
  return Object.fromEntries(result.indexes.map((i) => [i.name, i.state]));
}

/**
 * Runs the script with psql, stopping at the first error (as a DBA would). The script may tell
 * what it did on stderr (its own `NOTICE:  pgready: ` lines); anything else there (an error, a
 * warning, a server NOTICE) fails the test.
 */
export async function psqlFile(
  url: string,
  file: string,
  quiet = true,
): Promise<{ stdout: string; stderr: string }> {
  const { stdout, stderr } = await exec('psql', [
    '-X',
    ...(quiet ? ['-q'] : []),
    '-v',
    'ON_ERROR_STOP=1',
    '-f',
    file,
    url,
  ]);
  const other = stderr
    .split('\n')
    .filter((line) => line !== '' && !/^psql:.*: NOTICE: {2}pgready: /.test(line));
  assert.deepEqual(other, [], `psql -f ${file} said more than the script's own notices`);
  return { stdout, stderr };
}

/**
 * The verdict and the script agree: every index the verdict finds wrong is either built, replaced
 * or cleaned up by a step of the script, or named in it as "Cannot fix automatically: NAME, because".
 */
export function assertScriptCovers(result: VerifyResult, script: string): void {
  const wrong = result.indexes.filter((i) => i.state !== 'ok' && i.state !== 'renamed');
  const failedIndexChecks = result.verdict.checks.filter(
    (c) => !c.passed && / present and valid$/.test(c.name),
  );
  assert.equal(failedIndexChecks.length, wrong.length, 'every wrong index is a verdict reason');
  for (const index of wrong) {
    const step = new RegExp(`^-- Step \\d+: ${index.name}: `, 'm').test(script);
    const manual = new RegExp(`^-- Cannot fix automatically: ${index.name}, because .+`, 'm').test(script);
    assert.ok(
      step || manual,
      `the verdict says ${index.name} is ${index.state}; the script neither fixes nor names it`,
    );
  }
  if (wrong.length > 0) assert.doesNotMatch(script, /Nothing to fix/);
}

/** verify --save-fix-script, the script applied twice with psql (the second run changes nothing). */
export async function fixTwice(url: string, script: string, ...extra: string[]): Promise<VerifyResult> {
  const first = await verifyJson(url, '--save-fix-script', script, ...extra);
  const sql = fs.readFileSync(script, 'utf8');
  assertScriptCovers(first.result, sql);
  await psqlFile(url, script);
  const afterFirst = await catalogSnapshot(url);
  const second = await psqlFile(url, script, false);
  assert.doesNotMatch(second.stdout, /CREATE INDEX|DROP INDEX|^DO$/m, second.stdout);
  assert.equal(second.stderr, '', 'the second run has nothing to say on stderr');
  assert.equal(await catalogSnapshot(url), afterFirst, 'the second run of the script changed nothing');
  return first.result;
}
