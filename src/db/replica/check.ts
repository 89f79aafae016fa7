/**
 * Checks every --replica-url before a run: reachable, and a standby (pg_is_in_recovery()). A
 * replica URL is only ever read from; a server that is not in recovery is a primary and refused.
 */

import { UserError } from '../../util/errors.ts';
import { connect } from '../connect.ts';
import { maskUrl, parseDatabaseUrl } from '../url.ts';

export async function checkReplicaUrls(urls: string[]): Promise<void> {
  for (const url of urls) {
    const parsed = parseDatabaseUrl(url);
    if (!parsed.ok) throw new UserError(`--replica-url: ${parsed.problem}`);
    const client = await connect(url);
    try {
      const { rows } = await client.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r');
      if (!rows[0]!.r)
        throw new UserError(
          `--replica-url ${maskUrl(url)} is not a standby (pg_is_in_recovery() is false): pgready routes reads only to servers in recovery, and never writes to a replica URL`,
        );
    } finally {
      await client.end().catch(() => {});
    }
  }
}
