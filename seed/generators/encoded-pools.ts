import { utf8 } from './binary.ts';
import type { ValuePools } from './pools.ts';

// The value pools as the generators use them: UTF-8 bytes, encoded once per generator thread. Apart
// from pools.ts so that a generator thread never loads faker (tens of MB and most of a second).

/** The pools as UTF-8 bytes, plus each name's form inside an email address. */
export interface EncodedPools {
  firstNames: Uint8Array[];
  lastNames: Uint8Array[];
  /** Lower-cased first names with only `[a-z0-9._-]` left (an email's local part). */
  emailFirstNames: Uint8Array[];
  emailLastNames: Uint8Array[];
  companies: Uint8Array[];
  streets: Uint8Array[];
  locations: { city: Uint8Array; state: Uint8Array; postalCode: Uint8Array }[];
  emailDomains: Uint8Array[];
  emailSubjects: Uint8Array[];
  emailBodies: Uint8Array[];
  smsBodies: Uint8Array[];
  callNotes: Uint8Array[];
  leadNotes: Uint8Array[];
  churnReasons: Uint8Array[];
}

/**
 * The email form of a name. The filter is per character, so cleaning each part gives the same
 * address as cleaning the whole; tab, newline and carriage return become t, n and r as they did
 * when names were COPY-escaped text (faker's names hold none; this keeps the rule exact).
 */
function emailPart(name: string): Uint8Array {
  return utf8(
    name
      .replace(/[\t\n\r]/g, (c) => (c === '\t' ? 't' : c === '\n' ? 'n' : 'r'))
      .toLowerCase()
      .replace(/[^a-z0-9.@_-]/g, ''),
  );
}

export function encodePools(pools: ValuePools): EncodedPools {
  const all = (values: string[]) => values.map(utf8);
  return {
    firstNames: all(pools.firstNames),
    lastNames: all(pools.lastNames),
    emailFirstNames: pools.firstNames.map(emailPart),
    emailLastNames: pools.lastNames.map(emailPart),
    companies: all(pools.companies),
    streets: all(pools.streets),
    locations: pools.locations.map((l) => ({
      city: utf8(l.city),
      state: utf8(l.state),
      postalCode: utf8(l.postalCode),
    })),
    emailDomains: all(pools.emailDomains),
    emailSubjects: all(pools.emailSubjects),
    emailBodies: all(pools.emailBodies),
    smsBodies: all(pools.smsBodies),
    callNotes: all(pools.callNotes),
    leadNotes: all(pools.leadNotes),
    churnReasons: all(pools.churnReasons),
  };
}
