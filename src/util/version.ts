import { createRequire } from 'node:module';

/** pgready's own version, from package.json; recorded in every result and seed. */
export const PGREADY_VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string })
  .version;
