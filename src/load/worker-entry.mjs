// A Worker cannot load TypeScript by itself: register tsx in this thread, then load the worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
