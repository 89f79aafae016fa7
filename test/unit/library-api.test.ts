// The library entry points: `pgready` (what a scenario imports: light) and `pgready/api` (runs,
// load, reading and rendering results). A program can render a saved result without the CLI.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as api from '../../src/api.ts';
import * as entry from '../../src/index.ts';

test('pgready/api renders a saved result exactly as the CLI does, and exposes the run and the load', async () => {
  assert.equal(typeof api.performRun, 'function');
  assert.equal(typeof api.runLoad, 'function');
  assert.equal(typeof entry.defineScenario, 'function');
  assert.equal((entry as Record<string, unknown>).performRun, undefined, 'the scenario entry stays light');
  const result = await api.loadResult(fileURLToPath(new URL('../fixtures/run-ready.json', import.meta.url)));
  const [text] = api.renderReport('text', result);
  assert.match(text!.content, /Verdict: (ENTERPRISE READY|NOT READY)/);
  assert.throws(() => api.renderReport('html', { ...result, kind: 'verify' } as never), api.UserError);
});
