/**
 * Imports a user's module — a scenario file or a `pgready.config.ts` — from any folder: `.ts`, `.mts`, `.js` or `.mjs`, with or without a
 * package.json there, importing `pgready` even where no node_modules holds it. The module hooks
 * (loader-hooks.mjs) are registered once per thread, and each scenario folder is announced to
 * them (with an acknowledgement) before its first file is imported. TypeScript is stripped by tsx:
 * run from the sources, the thread has registered it already (the worker entries, `--import tsx`);
 * compiled (dist), it is imported here, in each thread, only when a user's scenario folder is
 * first read, and registered before the hooks so the chain is the same either way. pgready's own
 * scenarios need neither: they are modules of this package, in this build's own form.
 */
import { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { loadTypeScript, sibling } from './modules.ts';

const HOOKS = new URL('./loader-hooks.mjs', import.meta.url);
/** The public entry point `import … from 'pgready'` resolves to. */
const SELF = sibling('../index', import.meta.url);
/** pgready's own scenarios (`scenarios/`, `scenarios/writes/`), compiled with it in dist. */
const OWN_SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));

let port: Promise<MessagePort> | undefined;
let nextId = 0;
/** Each folder is announced once, however many imports (threads' baselines, probes) ask at once. */
const announced = new Map<string, Promise<void>>();

function hooks(): Promise<MessagePort> {
  port ??= (async () => {
    await loadTypeScript();
    const channel = new MessageChannel();
    register(HOOKS, { data: { port: channel.port2, selfUrl: SELF.href }, transferList: [channel.port2] });
    channel.port1.unref();
    return channel.port1;
  })();
  return port;
}

async function announce(dir: string): Promise<void> {
  const root = pathToFileURL(dir.endsWith(path.sep) ? dir : dir + path.sep).href;
  let done = announced.get(root);
  if (!done) {
    const id = ++nextId;
    done = hooks().then(
      (channel) =>
        new Promise<void>((resolve) => {
          const onMessage = (message: { ack: number }) => {
            if (message.ack !== id) return;
            channel.off('message', onMessage);
            channel.unref();
            resolve();
          };
          channel.on('message', onMessage);
          channel.ref();
          channel.postMessage({ id, roots: [root] });
        }),
    );
    announced.set(root, done);
  }
  return done;
}

/**
 * Imports one user module (absolute or relative to the working directory) as an ES module: a
 * scenario file, or a config file (`.ts` without a package.json saying "module" is still one).
 */
export async function importUserModule(file: string): Promise<unknown> {
  const absolute = path.resolve(file);
  if (!absolute.startsWith(OWN_SCENARIOS)) await announce(path.dirname(absolute));
  return import(pathToFileURL(absolute).href);
}
