import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, type CliResult, cliEnv } from './cli.ts';

/** A working directory whose config adds the watch fixture scenarios. */
export function watchFixtureDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgready-watch-'));
  const scenarios = fileURLToPath(new URL('../fixtures/watch-scenarios/', import.meta.url));
  fs.writeFileSync(path.join(dir, 'pgready.config.json'), JSON.stringify({ scenarioDirs: [scenarios] }));
  return dir;
}

/** Runs pgready and calls `onLine` with each stdout/stderr line as it comes (to act mid-run). */
export function runCliLive(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; onLine: (line: string) => void; timeoutMs?: number },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env = cliEnv(options.env);
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const lines = (chunk: string) => {
      for (const line of chunk.split('\n')) if (line.trim()) options.onLine(line);
    };
    child.stdout.on('data', (c) => {
      stdout += c;
      lines(String(c));
    });
    child.stderr.on('data', (c) => {
      stderr += c;
      lines(String(c));
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
