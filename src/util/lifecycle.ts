/**
 * Cleanup that must run however the process ends: pools end, the embedded server a command started
 * for itself stops, dropped indexes come back. Handlers run in reverse order of registration, on
 * normal completion (via `runCleanups`) and on SIGINT/SIGTERM (then the process exits 130).
 */
type Cleanup = () => Promise<void> | void;

const cleanups: { name: string; fn: Cleanup }[] = [];
let installed = false;
let interrupted = false;
const interruptListeners = new Set<() => void>();

export function onCleanup(name: string, fn: Cleanup): () => void {
  installSignalHandlers();
  const entry = { name, fn };
  cleanups.push(entry);
  return () => {
    const i = cleanups.indexOf(entry);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

/** Called on the first Ctrl-C, before cleanups: lets a run stop its load and save what it has. */
export function onInterrupt(fn: () => void): () => void {
  installSignalHandlers();
  interruptListeners.add(fn);
  return () => interruptListeners.delete(fn);
}

export function wasInterrupted(): boolean {
  return interrupted;
}

/** The drain in progress: the signal handler and main's `finally` share it, never run two at once. */
let draining: Promise<void> | undefined;

export function runCleanups(
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<void> {
  draining ??= drain(log).finally(() => {
    draining = undefined;
  });
  return draining;
}

async function drain(log: (line: string) => void): Promise<void> {
  while (cleanups.length > 0) {
    const entry = cleanups.pop()!;
    try {
      await entry.fn();
    } catch (error) {
      log(
        `pgready: cleanup "${entry.name}" failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  const handle = (signal: NodeJS.Signals) => {
    if (interrupted) {
      process.stderr.write(
        `pgready: ${signal} again while cleaning up; cleanup continues (SIGKILL loses it: the next command repairs)\n`,
      );
      return;
    }
    interrupted = true;
    process.stderr.write(`\npgready: ${signal} received, restoring and stopping…\n`);
    for (const fn of interruptListeners) fn();
    void runCleanups().finally(() => process.exit(130));
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}
