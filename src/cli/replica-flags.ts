/**
 * `--replica-url URL` (repeatable) on run and capacity, plus the replicas an environment names in
 * the config (`environments.NAME.replicas: [{ urlEnv }]`): where read scenarios are routed.
 */
import type { Command } from 'commander';
import type { PgreadyConfig } from '../config/schema.ts';
import { UserError } from '../util/errors.ts';

export interface ReplicaFlags {
  replicaUrl?: string[];
  environment?: string;
}

export function addReplicaFlag(command: Command): Command {
  return command.option(
    '--replica-url <url>',
    'a read replica (standby): read scenarios go round-robin to the replicas, writes to the primary; repeatable (shown masked)',
    (value: string, previous: string[] = []) => [...previous, value],
  );
}

export function replicaUrlsFrom(flags: ReplicaFlags, config: PgreadyConfig): string[] {
  const urls = [...(flags.replicaUrl ?? [])];
  const env = flags.environment ? config.environments[flags.environment] : undefined;
  for (const replica of env?.replicas ?? []) {
    const url = process.env[replica.urlEnv];
    if (!url)
      throw new UserError(
        `environment "${flags.environment}" reads a replica URL from $${replica.urlEnv}, which is not set; export it first`,
      );
    urls.push(url);
  }
  return urls;
}
