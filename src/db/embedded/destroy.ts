/**
 * What the embedded server leaves on disk, and taking it away again: `db status` shows where the
 * data lives and its size (an enterprise seed is ≈ 2.8 GB, often in the system temp folder), and
 * `db destroy` removes exactly what pgready made — the data directory (and its temp-folder parent
 * when it fell back there), the state file and the password — never anything else.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Bytes under a directory (files only; links not followed). */
export function directorySize(dir: string): number {
  let total = 0;
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile()) total += fs.statSync(full, { throwIfNoEntry: false })?.size ?? 0;
    }
  }
  return total;
}

/** The paths `destroy` removes for a home whose cluster lives in `dataDir`. */
export function pathsToRemove(home: string, dataDir: string, fellBack: boolean): string[] {
  const paths = [dataDir];
  const parent = path.dirname(dataDir);
  // A fallback data directory sits alone in a pgready-<hash> folder pgready made in the temp folder.
  if (
    fellBack &&
    parent !== path.resolve(home) &&
    path.dirname(parent) === os.tmpdir() &&
    /^pgready-[0-9a-f]{12}(-[0-9a-f]{6})?$/.test(path.basename(parent))
  )
    paths.push(parent);
  paths.push(path.join(home, 'server.json'), path.join(home, 'password'));
  return paths;
}

/** Removes the paths, then `home` itself when nothing else is left in it. */
export function removePaths(home: string, paths: string[]): string[] {
  const removed: string[] = [];
  for (const p of paths) {
    if (!fs.existsSync(p)) continue;
    fs.rmSync(p, { recursive: true, force: true });
    removed.push(p);
  }
  try {
    if (fs.readdirSync(home).length === 0) {
      fs.rmdirSync(home);
      removed.push(home);
    }
  } catch {
    // Home already gone, or not empty: leave it.
  }
  return removed;
}
