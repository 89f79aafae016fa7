/**
 * What watch does on a breach and a recovery besides printing: runs `--on-breach CMD` (through the
 * shell, details in PGREADY_* environment variables) and POSTs JSON to `--webhook URL`. Neither
 * ever carries a password: the target is masked, and variables holding the URL's password (or
 * PGPASSWORD, DATABASE_URL) are removed from the hook's environment.
 */
import { spawn } from 'node:child_process';
import { maskUrl } from '../util/mask.ts';

/** One breach or recovery, as the hook and the webhook get it. */
export interface AlertDetails {
  event: 'breach' | 'recovery';
  scenario: string;
  reason: string;
  /** ISO time the condition started. */
  since: string;
  p95Ms: number;
  targetP95Ms: number;
  errors: number;
  /** The target, masked. */
  target: string;
}

export function alertEnv(
  details: AlertDetails,
  databaseUrl: string,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const password = passwordOf(databaseUrl);
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === undefined || key === 'PGPASSWORD' || key === 'DATABASE_URL') continue;
    if (password && value.includes(password)) continue;
    env[key] = value;
  }
  return {
    ...env,
    PGREADY_EVENT: details.event,
    PGREADY_SCENARIO: details.scenario,
    PGREADY_REASON: details.reason,
    PGREADY_SINCE: details.since,
    PGREADY_P95_MS: details.p95Ms.toFixed(1),
    PGREADY_TARGET_P95_MS: String(details.targetP95Ms),
    PGREADY_ERRORS: String(details.errors),
    PGREADY_TARGET: maskUrl(details.target),
  };
}

function passwordOf(url: string): string | undefined {
  try {
    const p = decodeURIComponent(new URL(url).password);
    return p.length >= 3 ? p : undefined;
  } catch {
    return undefined;
  }
}

/** Runs the hook; resolves with its exit code (never rejects). */
export function runHook(command: string, env: NodeJS.ProcessEnv): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', () => resolve(null));
    child.on('close', (code) => resolve(code));
  });
}

/** POSTs the details as JSON; resolves with a problem in words, or undefined when it worked. */
export async function postWebhook(
  url: string,
  details: AlertDetails,
  timeoutMs: number,
): Promise<string | undefined> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: 'pgready watch', ...details, target: maskUrl(details.target) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return response.ok ? undefined : `webhook answered ${response.status} ${response.statusText}`;
  } catch (error) {
    return `webhook failed: ${(error as Error).message}`;
  }
}
