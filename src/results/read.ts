/**
 * Reads a saved result file and checks it is one pgready can render: JSON, a pgready result
 * (kind run or verify), a version this pgready knows, and every histogram intact (validate.ts).
 * Every problem is a UserError (exit 2).
 */
import fs from 'node:fs';
import { UserError } from '../util/errors.ts';
import type { AnyResult } from './any.ts';
import { CAPACITY_RESULT_VERSION } from './capacity.ts';
import { MICRO_RESULT_VERSION } from './micro.ts';
import { TWIN_RESULT_VERSION } from './twin.ts';
import { RESULT_VERSION } from './types.ts';
import { histogramProblems } from './validate.ts';
import { VERIFY_RESULT_VERSION } from './verify.ts';
import { WARMUP_RESULT_VERSION } from './warmup.ts';

export async function loadResult(file: string): Promise<AnyResult> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      code === 'ENOENT'
        ? `result file ${file} does not exist; give the .json file a run wrote (pgready run --report json, or reports/*.json)`
        : `cannot read result file ${file}: ${(error as Error).message}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError(
      `${file} is not JSON (${(error as Error).message}); give a result file pgready wrote`,
    );
  }
  const result = checkResult(data, file);
  const problems = await histogramProblems(result);
  if (problems.length)
    throw new UserError(
      `${file} is damaged: ${problems.join('; ')}; re-run, or use an intact copy of the result`,
    );
  return result;
}

/** Validates parsed JSON as a result (shape of the top level; the rest is trusted as pgready wrote it). */
export function checkResult(data: unknown, file: string): AnyResult {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new UserError(
      `${file} is not a pgready result: expected a JSON object with "kind": "run" or "verify"`,
    );
  const r = data as Record<string, unknown>;
  if (
    r.kind !== 'run' &&
    r.kind !== 'verify' &&
    r.kind !== 'micro' &&
    r.kind !== 'warmup' &&
    r.kind !== 'capacity' &&
    r.kind !== 'twin'
  )
    throw new UserError(
      `${file} is not a pgready result: "kind" is ${JSON.stringify(r.kind)}, expected "run", "verify" or "warmup"`,
    );
  const known =
    r.kind === 'run'
      ? RESULT_VERSION
      : r.kind === 'micro'
        ? MICRO_RESULT_VERSION
        : r.kind === 'warmup'
          ? WARMUP_RESULT_VERSION
          : r.kind === 'capacity'
            ? CAPACITY_RESULT_VERSION
            : r.kind === 'twin'
              ? TWIN_RESULT_VERSION
              : VERIFY_RESULT_VERSION;
  if (r.version !== known)
    throw new UserError(
      `${file} is a ${r.kind} result of version ${JSON.stringify(r.version)}; this pgready reads version ${known} (re-run it, or use the pgready that wrote it)`,
    );
  const need =
    r.kind === 'run'
      ? ['phases', 'indexes', 'verdict', 'target', 'config']
      : r.kind === 'micro'
        ? ['phases', 'indexes', 'target', 'config']
        : r.kind === 'warmup'
          ? ['indexes', 'scenarios', 'relations', 'freshness', 'verdict', 'target']
          : r.kind === 'capacity'
            ? ['steps', 'stopped', 'verdict', 'target', 'config']
            : r.kind === 'twin'
              ? ['source', 'tables', 'columns', 'foreignKeys', 'target']
              : ['indexes', 'scenarios', 'verdict', 'target'];
  const missing = need.filter((k) => r[k] === undefined);
  if (missing.length)
    throw new UserError(`${file} is an incomplete ${r.kind} result: missing ${missing.join(', ')}`);
  return data as AnyResult;
}
