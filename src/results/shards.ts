/**
 * The parts of a sharded run (`run --shard I/N`), checked before they merge: every part a shard of
 * the same N, of the same plan (its fingerprint: scenarios, phases, load, seed, scale, pool, target),
 * each shard once, none missing. Returns the parts in shard order (shard 0, which made the index
 * state and measured the baselines, first).
 */
import { UserError } from '../util/errors.ts';
import { planDifferences } from './plan-fingerprint.ts';
import type { RunResult } from './types.ts';

/** A result and the file (or name) it came from, for messages. */
export interface NamedResult {
  name: string;
  result: RunResult;
}

export function checkShardParts(parts: readonly NamedResult[], expected: number): RunResult[] {
  const problems: string[] = [];
  for (const { name, result } of parts) {
    if (!result.shard) problems.push(`${name} is not a shard (run without --shard)`);
    else if (result.shard.count !== expected)
      problems.push(`${name} is shard ${result.shard.index}/${result.shard.count}, not one of ${expected}`);
    else if (!result.plan) problems.push(`${name} records no plan fingerprint`);
  }
  if (problems.length > 0) throw new UserError(`cannot merge as ${expected} shards: ${problems.join('; ')}`);
  const [first] = parts as [NamedResult, ...NamedResult[]];
  for (const part of parts) {
    if (part.result.plan!.fingerprint !== first.result.plan!.fingerprint) {
      const diff = planDifferences(first.result.plan!, part.result.plan!);
      throw new UserError(
        `${part.name} measured another plan than ${first.name} (fingerprint ${part.result.plan!.fingerprint} vs ${first.result.plan!.fingerprint}: ${diff.join('; ') || 'same fields, other values'}); merge only shards of one plan`,
      );
    }
  }
  const byIndex = new Map<number, string>();
  for (const { name, result } of parts) {
    const seen = byIndex.get(result.shard!.index);
    if (seen)
      throw new UserError(
        `shard ${result.shard!.index}/${expected} appears twice (${seen} and ${name}); give each shard's result once`,
      );
    byIndex.set(result.shard!.index, name);
  }
  const missing = Array.from({ length: expected }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length > 0)
    throw new UserError(
      `shard(s) ${missing.map((i) => `${i}/${expected}`).join(', ')} missing: a merge of ${expected} shards needs every one (got ${parts.length} file(s))`,
    );
  return [...parts].sort((a, b) => a.result.shard!.index - b.result.shard!.index).map((p) => p.result);
}

/** Parts that say they are shards, merged without --expect-shards: refused, so none is forgotten. */
export function refuseUncountedShards(parts: readonly NamedResult[]): void {
  const shard = parts.find((p) => p.result.shard);
  if (shard)
    throw new UserError(
      `${shard.name} is shard ${shard.result.shard!.index}/${shard.result.shard!.count} of a sharded run: merge with --expect-shards ${shard.result.shard!.count}, so a missing or duplicate shard is caught`,
    );
}
