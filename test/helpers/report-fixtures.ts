import fs from 'node:fs';
import type { RunResult } from '../../src/results/types.ts';
import type { VerifyResult } from '../../src/results/verify.ts';

const dir = new URL('../fixtures/', import.meta.url);

export function fixturePath(name: string): string {
  return new URL(`${name}.json`, dir).pathname;
}

export function runFixture(name: 'run-ready' | 'run-not-ready'): RunResult {
  return JSON.parse(fs.readFileSync(fixturePath(name), 'utf8')) as RunResult;
}

export function verifyFixture(): VerifyResult {
  return JSON.parse(fs.readFileSync(fixturePath('verify-not-ready'), 'utf8')) as VerifyResult;
}

export const SECRET = 'Sup3rS3cretPw';

/** The run with its password leaked into the URL and a note, as a buggy caller might hand it over. */
export function leakyRun(): RunResult {
  const r = runFixture('run-not-ready');
  r.target.displayUrl = `postgresql://demo:${SECRET}@db.staging.example.com:5432/crm`;
  r.notes.push(
    `connection failed once: postgres://demo:${SECRET}@db.staging.example.com/crm?password=${SECRET}`,
  );
  return r;
}

/** "9.45", "14.8", "1,095": a summary value as the reporters print it. */
export function ms(us: number): string {
  const v = us / 1000;
  if (v < 10) return v.toFixed(2);
  if (v < 1000) return v.toFixed(1);
  return Math.round(v).toLocaleString('en-US');
}
