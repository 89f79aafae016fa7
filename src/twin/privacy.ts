/**
 * Which text columns must not carry source values into the twin: near-unique ones, those whose
 * sampled values look like emails or phone numbers, and those named like a person's name or
 * contact. Their values are replaced by synthetic ones of the same shape (synthetic.ts); the
 * decision uses only the statistics already read (regular expressions over values, never SQL).
 */
import type { SyntheticShape } from './plan-types.ts';
import type { SourceColumn } from './types.ts';

const EMAIL = /^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$/;
const PHONE = /^\+?[0-9 ().-]{7,24}$/;
const NAME_COLUMN =
  /(^|_)(full_?name|first_?name|last_?name|surname|given_?name|family_?name|name|contact)(_|$)/i;
const CONTACT_COLUMN = /(^|_)(e_?mail|phone|mobile|tel|fax|address|street|ssn|iban|passport)(_|$)/i;

/** The shape to replace a column with, or undefined when its values may be kept. */
export function replacementShape(column: SourceColumn, unique: boolean): SyntheticShape | undefined {
  if (column.codec !== 'text' || column.enumLabels || column.domains.some((d) => d.kind === 'list'))
    return undefined;
  const s = column.stats;
  const sample = s ? [...s.mcv, ...s.histogram] : [];
  const share = (re: RegExp) =>
    sample.length > 0
      ? sample.filter((v) => re.test(v) && (re !== PHONE || digits(v) >= 7)).length / sample.length
      : 0;
  if (share(EMAIL) >= 0.5 || /(^|_)e_?mail(_|$)/i.test(column.name)) return 'email';
  if (share(PHONE) >= 0.5 || /(^|_)(phone|mobile|tel|fax)(_|$)/i.test(column.name)) return 'phone';
  if (NAME_COLUMN.test(column.name)) return 'name';
  if (CONTACT_COLUMN.test(column.name)) return 'text';
  const nearUnique = s !== undefined && s.nDistinct < 0 && -s.nDistinct > 0.5;
  if (unique || nearUnique) return 'text';
  return undefined;
}

function digits(v: string): number {
  let n = 0;
  for (const c of v) if (c >= '0' && c <= '9') n++;
  return n;
}
