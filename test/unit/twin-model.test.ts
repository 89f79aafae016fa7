import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkDomains, mergeDomains } from '../../src/twin/check-domains.ts';
import { fanOutFigures, near } from '../../src/twin/fidelity.ts';
import { solveSlots } from '../../src/twin/model.ts';
import { replacementShape } from '../../src/twin/privacy.ts';
import type { SourceColumn } from '../../src/twin/types.ts';
import { encodeText, parseArrayLiteral, parseNumber } from '../../src/twin/values.ts';

test('CHECK constraints become value domains from the parse tree; OR gives none', () => {
  const list = checkDomains(
    "CHECK (((status)::text = ANY ((ARRAY['new'::character varying, 'lost'::character varying])::text[])))",
  );
  assert.deepEqual(list.get('status'), [{ kind: 'list', values: ['new', 'lost'] }]);
  const range = checkDomains('CHECK (((score >= 0) AND (score <= 100)))');
  assert.deepEqual(mergeDomains(range.get('score')!), { min: 0, max: 100 });
  assert.deepEqual(mergeDomains(checkDomains('CHECK ((VALUE >= -5.5))').get('value')!), { min: -5.5 });
  assert.equal(checkDomains('CHECK (((a > 1) OR (a < -1)))').size, 0);
});

test('values encode in the types’ binary forms', () => {
  // numeric 12.5 with scale 4: one digit group 12, one 5000; weight 0, dscale 4
  assert.deepEqual(
    [...encodeText('numeric', '12.5', { scale: 4 })!],
    [0, 2, 0, 0, 0, 0, 0, 4, 0, 12, 19, 136],
  );
  assert.deepEqual([...encodeText('numeric', '0', { scale: 2 })!], [0, 0, 0, 0, 0, 0, 0, 2]);
  assert.equal(parseNumber('timestamp', '2000-01-01 00:00:01.5'), 1_500_000);
  assert.equal(parseNumber('date', '2000-01-11'), 10);
  assert.deepEqual(parseArrayLiteral('{a,"b c",NULL}'), ['a', 'b c', null]);
  assert.deepEqual(parseArrayLiteral('{}'), []);
  assert.equal(encodeText('jsonb', '{}')![0], 1, 'jsonb version byte');
});

test('histogram slots are solved so uniform draws show the aimed distinct count', () => {
  for (const [aim, draws] of [
    [900, 60_000],
    [5_000, 10_000],
    [50, 1_000_000],
  ] as const) {
    const k = solveSlots(aim, draws);
    const expected = k * (1 - Math.exp(-draws / k));
    assert.ok(Math.abs(expected - aim) / aim < 0.01, `${aim} of ${draws}: ${k} slots give ${expected}`);
  }
  assert.equal(solveSlots(9_900, 10_000), 0, 'near-unique: continuous');
});

test('fan-out percentiles count childless parents; near is 30 % or 2', () => {
  const f = fanOutFigures([
    { n: 0, count: 55 },
    { n: 1, count: 45 },
  ])!;
  assert.deepEqual([f.p50, f.p90, f.p99, f.childless], [0, 1, 1, 0.55]);
  assert.ok(near(7, 9) && near(100, 129) && !near(100, 131) && !near(0, 3));
});

test('emails, phones, names and near-unique text are replaced; low-cardinality text is kept', () => {
  const col = (name: string, values: string[], nDistinct: number): SourceColumn => ({
    name,
    type: 'text',
    baseType: 'text',
    notNull: true,
    codec: 'text',
    domains: [],
    stats: {
      nullFrac: 0,
      nDistinct,
      mcv: values,
      mcvFreqs: values.map(() => 0.01),
      histogram: [],
      avgWidth: 10,
      correlation: 0,
    },
  });
  assert.equal(replacementShape(col('contact', ['a@b.com', 'c@d.org'], 50), false), 'email');
  assert.equal(replacementShape(col('x', ['+1 555 000 1111', '(555) 123-4567'], 50), false), 'phone');
  assert.equal(replacementShape(col('full_name', ['Ann'], 50), false), 'name');
  assert.equal(replacementShape(col('code', ['q1'], -0.9), false), 'text');
  assert.equal(replacementShape(col('channel', ['email', 'sms'], 4), false), undefined);
});
