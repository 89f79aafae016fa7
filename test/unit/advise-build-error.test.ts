import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildError } from '../../src/advise/build.ts';
import { UserError } from '../../src/util/errors.ts';

test('a build that finds no room (SQLSTATE 53100 disk_full) is a one-line user error, exit 2', () => {
  const full = Object.assign(new Error('could not extend file "base/16384/24576": No space left on device'), {
    code: '53100',
  });
  const mapped = buildError(full, 'pgready_adv_leads_status_1');
  assert.ok(mapped instanceof UserError);
  assert.match(
    mapped.message,
    /no room to build the candidate pgready_adv_leads_status_1 .*No space left on device.*free disk space/,
  );
  const other = Object.assign(new Error('syntax error'), { code: '42601' });
  assert.ok(!(buildError(other, 'x') instanceof UserError), 'anything else stays what it was');
});
