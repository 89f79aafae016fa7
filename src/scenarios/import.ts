/**
 * Imports a scenario file from any folder: `.ts`, `.mts`, `.js` or `.mjs`, with or without a
 * package.json there, importing `pgready` even where no node_modules holds it. The module hooks
 * (loader-hooks.mjs) are registered once per thread, and each scenario folder is announced to
 * them (with an acknowledgement) before its first file is imported. TypeScript is stripped by tsx,
 * which the caller's thread has registered (bin/pgready.js, the worker entries, `--import tsx`).
 */
import { register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, type MessagePort } from 'node:worker_threads';

const HOOKS = new URL('./loader-hooks.mjs', import.meta.url);
/** The public entry point `import … from 'pgready'` resolves to. */
const SELF = new URL('../index.ts', import.meta.url);

let port: MessagePort | undefined;
let nextId = 0;
/** Each folder is announced once, however many imports (threads' baselines, probes) ask at once. */
const announced = new Map<string, Promise<void>>();

function hooks(): MessagePort {
  if (port) return port;
  const channel = new MessageChannel();
  register(HOOKS, { data: { port: channel.port2, selfUrl: SELF.href }, transferList: [channel.port2] });
  port = channel.port1;
  port.unref();
  return port;
}

function announce(dir: string): Promise<void> {
  const root = pathToFileURL(dir.endsWith(path.sep) ? dir : dir + path.sep).href;
  let done = announced.get(root);
  if (!done) {
    const channel = hooks();
    const id = ++nextId;
    done = new Promise<void>((resolve) => {
      const onMessage = (message: { ack: number }) => {
        if (message.ack !== id) return;
        channel.off('message', onMessage);
        channel.unref();
        resolve();
      };
      channel.on('message', onMessage);
      channel.ref();
      channel.postMessage({ id, roots: [root] });
    });
    announced.set(root, done);
  }
  return done;
}

/** Imports one scenario file (absolute or relative to the working directory) as an ES module. */
export async function importScenarioFile(file: string): Promise<unknown> {
  const absolute = path.resolve(file);
  await announce(path.dirname(absolute));
  return import(pathToFileURL(absolute).href);
}
