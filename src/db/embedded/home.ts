/**
 * Where the embedded server keeps its home (state, password, usually the data directory) when the
 * user did not say: an installed package runs from any folder, and its data must never land inside
 * node_modules (a reinstall would delete it) nor fail because the working folder is read-only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULTS } from '../../config/defaults.ts';

/** The home folder's name under the working folder. */
export const LOCAL_HOME = DEFAULTS.embeddedHome;

export interface HomeChoice {
  /** `--home`, from the command line. */
  flag?: string | undefined;
  /** `embedded.home`, from the config file. */
  config?: string | undefined;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * In order: `--home`, the config's `embedded.home`, `./.pgready` when the working folder is
 * writable and not inside node_modules (or it already holds one), then `$XDG_DATA_HOME/pgready`
 * (`~/.local/share/pgready`). The data directory's own temp-folder fallback (the server's OS user
 * cannot reach the home) comes after, in `chooseDataDir`.
 */
export function resolveEmbeddedHome(choice: HomeChoice = {}): string {
  const cwd = choice.cwd ?? process.cwd();
  if (choice.flag) return path.resolve(cwd, choice.flag);
  if (choice.config) return path.resolve(cwd, choice.config);
  const local = path.join(cwd, LOCAL_HOME);
  if (fs.existsSync(path.join(local, 'server.json'))) return local;
  if (!insideNodeModules(cwd) && writable(cwd)) return local;
  const env = choice.env ?? process.env;
  const dataHome = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : undefined;
  return path.join(dataHome ?? path.join(os.homedir(), '.local', 'share'), 'pgready');
}

function insideNodeModules(dir: string): boolean {
  return path.resolve(dir).split(path.sep).includes('node_modules');
}

function writable(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
