/**
 * After a crash or SIGKILL mid-run, the indexes a run dropped are still journaled in pgready_meta.
 * Every command that opens a database calls this first: on a database pgready owns, with no run in
 * progress, it rebuilds them and clears the journal; the candidates an interrupted `advise` had
 * built (journaled as created) are dropped.
 */
import { connect } from '../db/connect.ts';
import { tryWriterLock } from '../db/lock.ts';
import { checkOwnership, readJournal } from '../db/ownership.ts';
import { dropJournaledCreated } from './created.ts';
import { restoreJournaledIndexes } from './index-state.ts';

export interface RecoveryOutcome {
  rebuilt: { name: string; ms: number }[];
  /** Indexes an interrupted `advise` built to measure (journaled as created), dropped now. */
  droppedCreated?: string[];
  /** Why journaled indexes were left alone (another run holds the lock, or the database is not owned). */
  skipped?: string;
}

export async function recoverIndexJournal(url: string, production: boolean): Promise<RecoveryOutcome> {
  const client = await connect(url);
  try {
    const journal = await readJournal(client).catch(() => []);
    if (journal.length === 0) return { rebuilt: [] };
    const names = journal.map((entry) => entry.name).join(', ');
    const ownership = await checkOwnership(client, { production, allowLoading: true });
    if (!ownership.owned) {
      return {
        rebuilt: [],
        skipped: `the journal lists dropped indexes (${names}) but ${ownership.reason}; not touching them`,
      };
    }
    const taken = await tryWriterLock(client, 'recover');
    if (!('lock' in taken))
      return { rebuilt: [], skipped: `a run in progress dropped ${names}; it restores them itself` };
    try {
      const droppedCreated = await dropJournaledCreated(client);
      return {
        rebuilt: await restoreJournaledIndexes(client),
        ...(droppedCreated.length ? { droppedCreated } : {}),
      };
    } finally {
      await taken.lock.release();
    }
  } finally {
    await client.end().catch(() => {});
  }
}
