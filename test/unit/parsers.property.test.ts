// Property tests (fast-check) for every parser users touch: whatever they type, pgready either
// understands it exactly or refuses it with its own one-line message — never a crash, never a
// TypeError, never a password echoed back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError } from 'commander';
import fc from 'fast-check';
import { findScale, SCALE_NAMES } from '../../seed/scales.ts';
import { parseDurationMs } from '../../src/cli/load-flags.ts';
import { parseConfig } from '../../src/config/load.ts';
import { parseDatabaseUrl } from '../../src/db/url.ts';
import { parseStages } from '../../src/load/load-options.ts';
import { UserError } from '../../src/util/errors.ts';
import { maskSecretsInText, maskUrl } from '../../src/util/mask.ts';

const UNIT = { ms: 1, s: 1000, m: 60_000 } as const;
const unit = fc.constantFrom('ms', 's', 'm', '') as fc.Arbitrary<keyof typeof UNIT | ''>;
/** A password worth finding: long enough not to occur by chance in the rest of the text. */
const password = fc
  .string({ minLength: 6, maxLength: 24, unit: fc.constantFrom(...'abcXYZ019!$%&*()-_.~+=,;'.split('')) })
  .filter((p) => /[a-zA-Z0-9]{3}/.test(p));

test('durations: every "<number><unit>" parses to exactly that many milliseconds', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10_000_000 }), unit, (n, u) => {
      assert.equal(parseDurationMs(`${n}${u}`), n * UNIT[u || 's']);
    }),
  );
});

/** The duration grammar, as the help states it: a number, then ms, s (the default) or m. */
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)?$/;
const grammarMs = (text: string): number | undefined => {
  const m = DURATION.exec(text.trim());
  return m ? Math.round(Number(m[1]) * UNIT[(m[2] as keyof typeof UNIT | undefined) ?? 's']) : undefined;
};
/** Text near the grammar (signs, spaces, other units, exponents, decimals) as well as any text. */
const durationLike = fc.oneof(
  fc.string(),
  fc
    .tuple(
      fc.constantFrom('', ' ', '-', '+', '0x', '.'),
      fc.oneof(fc.nat().map(String), fc.double({ noNaN: true }).map(String)),
      fc.constantFrom('', 'ms', 's', 'm', 'h', 'S', ' s', 'sec', 'e3', '.'),
      fc.constantFrom('', ' ', 'x', '\n'),
    )
    .map((parts) => parts.join('')),
);

test('durations: anything else is refused with the parser’s own message', () => {
  fc.assert(
    fc.property(durationLike, (text) => {
      const expected = grammarMs(text);
      try {
        const ms = parseDurationMs(text);
        assert.equal(ms, expected, `${JSON.stringify(text)} accepted as ${ms} ms`);
      } catch (error) {
        assert.equal(expected, undefined, `${JSON.stringify(text)} refused`);
        assert.ok(error instanceof InvalidArgumentError, String(error));
        assert.match(error.message, /is not a duration; use e\.g\. 30s, 500ms or 2m$/);
      }
    }),
    { numRuns: 500 },
  );
});

test('--stages: generated stage lists round-trip; garbage is one UserError naming the stage', () => {
  const stage = fc.record({
    n: fc.integer({ min: 0, max: 100_000 }),
    u: unit,
    target: fc.integer({ min: 0, max: 1e6 }),
  });
  fc.assert(
    fc.property(fc.array(stage, { minLength: 1, maxLength: 8 }), (stages) => {
      const text = stages.map((s) => `${s.n}${s.u}:${s.target}`).join(',');
      assert.deepEqual(
        parseStages(text),
        stages.map((s) => ({ durationMs: s.n * UNIT[s.u || 's'], target: s.target })),
      );
    }),
  );
  const stageLike = fc.oneof(
    fc.string(),
    fc
      .array(fc.tuple(durationLike, fc.constantFrom(':', '', '::'), durationLike), { maxLength: 4 })
      .map((xs) => xs.map((x) => x.join('')).join(',')),
  );
  fc.assert(
    fc.property(stageLike, (text) => {
      // The grammar: comma-separated "<duration>:<target>" (blank parts skipped).
      const parts = text
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== '');
      const expected = parts.map((p) => {
        const m = /^(.*):(\d+(?:\.\d+)?)$/.exec(p);
        const ms = m && DURATION.test(m[1]!) ? grammarMs(m[1]!) : undefined;
        return ms === undefined ? undefined : { durationMs: ms, target: Number(m![2]) };
      });
      try {
        assert.deepEqual(parseStages(text), expected, `${JSON.stringify(text)} accepted`);
      } catch (error) {
        if (error instanceof assert.AssertionError) throw error;
        assert.ok(expected.includes(undefined), `${JSON.stringify(text)} refused`);
        assert.ok(error instanceof UserError, String(error));
        assert.match(error.message, /^stage ".*" must look like 30s:200/s);
      }
    }),
  );
});

test('scales: only the listed names are scales', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.constantFrom(...SCALE_NAMES)), (name) => {
      assert.equal(findScale(name) !== undefined, (SCALE_NAMES as readonly string[]).includes(name));
    }),
  );
});

test('URLs: a password never survives masking, in a URL or inside any text around it', () => {
  fc.assert(
    fc.property(
      password,
      fc.constantFrom('postgres', 'postgresql'),
      fc.string({ maxLength: 20 }),
      (pw, scheme, around) => {
        const url = `${scheme}://app_user:${encodeURIComponent(pw)}@db.internal:5432/crm?sslmode=require`;
        const encoded = encodeURIComponent(pw);
        for (const shown of [maskUrl(url), maskSecretsInText(`${around} ${url} ${around}`)]) {
          assert.ok(!shown.includes(encoded), shown);
          assert.ok(!shown.includes(pw), shown);
        }
        const keyword = `${around} host=db password=${pw} dbname=crm`;
        assert.ok(!maskSecretsInText(keyword).includes(pw));
      },
    ),
  );
});

test('URLs: any text either parses or gives a problem that never echoes the password', () => {
  fc.assert(
    fc.property(password, fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (pw, before, after) => {
      const text = `${before}postgresql://u:${pw}@${after}`;
      const parsed = parseDatabaseUrl(text);
      if (!parsed.ok) assert.ok(!parsed.problem.includes(`:${pw}@`), parsed.problem);
    }),
  );
});

test('config: any JSON value is a config or one UserError listing every problem at once', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (raw) => {
      try {
        parseConfig(raw, 'pgready.config.json');
      } catch (error) {
        assert.ok(error instanceof UserError, String(error));
        assert.match(error.message, /^invalid config in pgready\.config\.json:\n {2}- /);
      }
    }),
  );
  // Two problems at once are both reported, and a URL pasted where a variable name belongs is not echoed.
  const secret = 'S3cretPassw0rd';
  try {
    parseConfig({
      environments: { prod: { urlEnv: `postgresql://u:${secret}@h/db` } },
      pool: { pool_size: 0 },
    });
    assert.fail('accepted');
  } catch (error) {
    assert.ok(error instanceof UserError);
    assert.match(error.message, /environments\.prod\.urlEnv/);
    assert.match(error.message, /pool\.pool_size/);
    assert.ok(!error.message.includes(secret), error.message);
  }
});
