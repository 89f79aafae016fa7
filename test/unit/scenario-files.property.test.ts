// Property test (fast-check) for scenario files, the other input users write: whatever a file
// exports, loading either succeeds or fails with one UserError naming the file and what is wrong —
// never a TypeError, never a crash, never a stack trace in the message.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { loadScenarios } from '../../src/scenarios/load.ts';
import { UserError } from '../../src/util/errors.ts';
import { tempDir } from '../helpers/temp.ts';

const field = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
);
const definition = fc.record(
  {
    name: fc.oneof(fc.constantFrom('my-scenario', 'Bad Name', ''), field),
    description: field,
    category: fc.oneof(fc.constantFrom('Detail Views', 'Reports', 'Nope'), field),
    sql: fc.oneof(
      fc.constantFrom('SELECT $1::int', 'SELECT 1; DROP TABLE leads', 'DELETE FROM leads', 'SELECT $2'),
      field,
    ),
    sampleSql: fc.oneof(fc.constantFrom('SELECT 1', 'SELECT $1', 'TRUNCATE leads'), field),
    expectedIndexes: fc.oneof(
      fc.constant([]),
      fc.constant(['idx_leads_status_score']),
      fc.constant(['nope']),
      field,
    ),
    weight: fc.oneof(fc.constantFrom(1, 0, -1), field),
    access: fc.constantFrom('read', 'write', 'sometimes'),
  },
  { requiredKeys: [] },
);

test('any default export loads, or is one UserError naming the file', async () => {
  let n = 0;
  await fc.assert(
    fc.asyncProperty(definition, fc.boolean(), async (def, withParams) => {
      const dir = tempDir('pgready-scenario-prop-');
      const file = path.join(dir, `s${n++}.mjs`);
      const params = withParams ? 'params: () => [1],' : '';
      fs.writeFileSync(file, `export default { ${params} ...${JSON.stringify(def)} };\n`);
      try {
        const loaded = await loadScenarios({ builtinDir: dir, cwd: dir });
        assert.equal(loaded.length, 1);
      } catch (error) {
        assert.ok(error instanceof UserError, `not a UserError: ${String(error)}`);
        assert.ok(error.message.includes(path.basename(file)), error.message);
        assert.doesNotMatch(error.message, /\n\s+at /, 'no stack trace');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }),
    { numRuns: 40 },
  );
});
