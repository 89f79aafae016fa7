// Run from the sources only (tests, benches under tsx): a worker thread cannot load TypeScript by
// itself, so register tsx here, then load the worker. Compiled, dist's worker.js starts directly.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
