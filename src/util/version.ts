import fs from 'node:fs';
import { PACKAGE_ROOT } from './modules.ts';

/** pgready's own version, from package.json; recorded in every result and seed. */
export const PGREADY_VERSION = (
  JSON.parse(fs.readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as { version: string }
).version;
