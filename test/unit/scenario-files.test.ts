// Which files of a folder are scenarios: never the declarations and source maps the build writes
// beside the compiled scenarios (dist/scenarios/writes/*.d.ts once named "….d" scenarios).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { scenarioFileStem, scenarioFilesIn } from '../../src/scenarios/files.ts';
import { tempDir } from '../helpers/temp.ts';

test('declarations and source maps are not scenario files', () => {
  const dir = tempDir('pgready-scenario-files-');
  for (const f of ['b.js', 'a.ts', 'a.d.ts', 'b.js.map', 'c.d.mts', 'd.mts', 'e.mjs', 'notes.md'])
    fs.writeFileSync(path.join(dir, f), '');
  assert.deepEqual(scenarioFilesIn(dir), ['a.ts', 'b.js', 'd.mts', 'e.mjs']);
  assert.deepEqual(scenarioFilesIn(dir).map(scenarioFileStem), ['a', 'b', 'd', 'e']);
});

test('the compiled write scenarios are named as in the sources', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const names = (dir: string) => scenarioFilesIn(path.join(root, dir)).map(scenarioFileStem);
  // dist/ is built before any test runs (scripts/test.ts).
  assert.deepEqual(names('dist/scenarios/writes'), names('scenarios/writes'));
  assert.deepEqual(names('scenarios/writes'), ['communication-log-insert', 'lead-status-update']);
});
