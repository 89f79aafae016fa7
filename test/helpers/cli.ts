// The one way tests start the real `pgready` executable: `runCli` waits for it to end, `startCli`
// hands back the live process (to act mid-run on what it prints). Both share one environment rule.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/pgready.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** SIGKILL after this long (a kill timer, never a timing assertion). */
  timeoutMs?: number;
  /** A command that runs node for us, e.g. `ip netns exec NS` (the test acts on another host). */
  via?: string[];
  /** Called with each non-blank stdout/stderr line as it comes. */
  onLine?: (line: string) => void;
}

export interface LiveCli {
  child: ChildProcess;
  /** What it printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout + stderr; rejects, with the output, once it ended without one. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  /** Its end. */
  done: Promise<CliResult>;
}

/** The environment a test's pgready runs with: DATABASE_URL only when the caller gives it. */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  // Tests choose their database explicitly; never inherit one by accident.
  if (!extra.DATABASE_URL) delete env.DATABASE_URL;
  return env;
}

/** Starts the real `pgready` executable, as a user would, and returns while it runs. */
export function startCli(args: string[], options: CliOptions = {}): LiveCli {
  const [command, ...prefix] = [...(options.via ?? []), process.execPath];
  const child = spawn(command!, [...prefix, BIN, ...args], {
    env: cliEnv(options.env),
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  const heard = (chunk: string) => {
    if (options.onLine) for (const line of chunk.split('\n')) if (line.trim()) options.onLine(line);
    for (const w of waiters) w();
  };
  child.stdout!.on('data', (chunk) => {
    stdout += chunk;
    heard(String(chunk));
  });
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
    heard(String(chunk));
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  let ended = false;
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      ended = true;
      for (const w of waiters) w();
      resolve({ code, signal, stdout, stderr });
    });
  });
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(stdout + stderr);
        if (match || ended) waiters.delete(check);
        if (match) resolve(match);
        else if (ended) reject(new Error(`pgready ended without printing ${pattern}:\n${stdout}\n${stderr}`));
      };
      waiters.add(check);
      check();
    });
  return { child, stdout: () => stdout, stderr: () => stderr, waitFor, done };
}

/** Runs the real `pgready` executable, as a user would, to its end. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).done;
}
