import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../../util/errors.ts';
import { canWrite, type ServerUser } from './osuser.ts';

/** Where an embedded server keeps its files. `home` holds state and password; `dataDir` the cluster. */
export interface EmbeddedLayout {
  home: string;
  dataDir: string;
  stateFile: string;
  passwordFile: string;
  logFile: string;
  /** Set when the data directory could not live under `home`: why, in one sentence. */
  fallbackReason?: string;
}

export function layoutFor(home: string, dataDir: string, fallbackReason?: string): EmbeddedLayout {
  return {
    home,
    dataDir,
    stateFile: path.join(home, 'server.json'),
    passwordFile: path.join(home, 'password'),
    logFile: path.join(dataDir, 'pgready-server.log'),
    ...(fallbackReason ? { fallbackReason } : {}),
  };
}

/**
 * Picks the data directory for a new cluster: `<home>/data` when the server's OS user can reach it,
 * otherwise (a checkout under /root, mode 700) a new directory in the system temp folder, named
 * after the home path; `server.json` records which. Never reuses or removes a directory that
 * already holds files: a cluster without its record (and password) is someone's data.
 */
export function chooseDataDir(home: string, user: ServerUser): { dataDir: string; fallbackReason?: string } {
  const preferred = path.join(home, 'data');
  if (holdsFiles(preferred)) {
    throw new UserError(
      `${preferred} already holds files, but ${path.join(home, 'server.json')} (pgready's record of that cluster and its password) is missing; move the directory away or use another --home`,
    );
  }
  fs.mkdirSync(preferred, { recursive: true, mode: 0o700 });
  if (user.uid !== undefined) fs.chownSync(preferred, user.uid, user.gid ?? user.uid);
  if (canWrite(user, preferred)) return { dataDir: preferred };
  fs.rmdirSync(preferred);
  const hash = crypto.createHash('sha256').update(path.resolve(home)).digest('hex').slice(0, 12);
  let parent = path.join(os.tmpdir(), `pgready-${hash}`);
  // A clone made again at the same path finds the old clone's cluster there: leave it alone.
  if (holdsFiles(path.join(parent, 'data'))) parent = `${parent}-${crypto.randomBytes(3).toString('hex')}`;
  const fallback = path.join(parent, 'data');
  fs.mkdirSync(fallback, { recursive: true, mode: 0o700 });
  fs.chmodSync(parent, 0o755);
  if (user.uid !== undefined) fs.chownSync(fallback, user.uid, user.gid ?? user.uid);
  return {
    dataDir: fallback,
    fallbackReason: `the OS user "${user.name}" that runs PostgreSQL cannot reach ${preferred} (a parent directory is not searchable, e.g. /root is mode 700), so the data directory is ${fallback}; to keep it in the project, clone it where that user can reach (or chmod o+x the parents)`,
  };
}

function holdsFiles(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length > 0;
  } catch {
    return false;
  }
}
