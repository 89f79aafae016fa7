import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/pgready.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment a spawned pgready gets: this process's, with `extra` over it. Tests choose their
 * database explicitly, so an inherited DATABASE_URL is dropped; one `extra` sets is always kept.
 */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  if (!Object.hasOwn(extra, 'DATABASE_URL') || extra.DATABASE_URL === undefined) delete env.DATABASE_URL;
  return env;
}

/** Runs the real `pgready` executable, as a user would. */
export function runCli(
  args: string[],
  options: {
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    timeoutMs?: number;
    /** A command that runs node for us, e.g. `ip netns exec NS` (the test acts on another host). */
    via?: string[];
  } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env = childEnv(options.env);
    const [command, ...prefix] = [...(options.via ?? []), process.execPath];
    const child = spawn(command!, [...prefix, BIN, ...args], {
      env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
