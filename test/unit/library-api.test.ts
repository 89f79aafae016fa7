// The library entry points: `pgready` (what a scenario imports: light) and `pgready/api` (runs,
// load, reading and rendering results). A program can render a saved result without the CLI.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as api from '../../src/api.ts';
import * as entry from '../../src/index.ts';
import { runCli } from '../helpers/cli.ts';

test('pgready/api renders a saved result exactly as the CLI does, and exposes the run and the load', async () => {
  assert.equal(typeof api.performRun, 'function');
  assert.equal(typeof api.runLoad, 'function');
  assert.equal(typeof entry.defineScenario, 'function');
  assert.equal((entry as Record<string, unknown>).performRun, undefined, 'the scenario entry stays light');
  for (const [fixture, verdict] of [
    ['run-ready.json', /^Verdict: ENTERPRISE READY/m],
    ['run-not-ready.json', /^Verdict: NOT READY/m],
  ] as const) {
    const file = fileURLToPath(new URL(`../fixtures/${fixture}`, import.meta.url));
    const result = await api.loadResult(file);
    const [text] = api.renderReport('text', result);
    const cli = await runCli(['report', file, '--format', 'text']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(text!.content, cli.stdout, `${fixture}: the library's text is the CLI's, byte for byte`);
    assert.match(text!.content, verdict);
  }
  const result = await api.loadResult(fileURLToPath(new URL('../fixtures/run-ready.json', import.meta.url)));
  assert.throws(() => api.renderReport('html', { ...result, kind: 'verify' } as never), api.UserError);
});
