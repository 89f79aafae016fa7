/**
 * Where pgready's own files are, whether it runs compiled (`dist/`, plain JavaScript: the CLI, the
 * `exports`) or from its TypeScript sources (tests and benches under tsx). One rule: a module's
 * siblings carry its own extension, `.js` in dist and `.ts` in the sources, so a worker entry or
 * the public entry is found next to the module asking, in the form that can run there.
 */

/** True when this module is TypeScript run through a loader (tsx), false when compiled to dist. */
export const FROM_SOURCES = import.meta.url.endsWith('.ts');

/** The package's root folder (package.json, bin/): two levels above src/util, three in dist/src/util. */
export const PACKAGE_ROOT = new URL(FROM_SOURCES ? '../../' : '../../../', import.meta.url);

/** The module `name` (no extension, relative to `from`) as this build holds it: `name.ts` or `name.js`. */
export function sibling(name: string, from: string): URL {
  return new URL(`${name}${FROM_SOURCES ? '.ts' : '.js'}`, from);
}

/**
 * The script a worker thread starts from, next to `from`: the compiled `worker.js` in dist; from
 * the sources `worker-entry.mjs`, which registers tsx in the new thread before importing worker.ts.
 */
export function workerEntry(from: string): URL {
  return FROM_SOURCES ? new URL('./worker-entry.mjs', from) : new URL('./worker.js', from);
}

let typeScript: Promise<void> | undefined;

/**
 * Lets this thread import TypeScript files (a user's scenarios or config). From the sources a
 * loader runs already; compiled, tsx is imported and registered now, once per thread, and only
 * by those who need it: `pgready --help` never loads it.
 */
export function loadTypeScript(): Promise<void> {
  typeScript ??= FROM_SOURCES
    ? Promise.resolve()
    : import('tsx/esm/api').then((tsx) => {
        tsx.register();
      });
  return typeScript;
}
