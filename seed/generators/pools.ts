import { en, Faker } from '@faker-js/faker';
import { utf8 } from './binary.ts';
import { mixSeed, STREAM } from './prng.ts';

/**
 * Value pools: names, companies, addresses, message texts, built once (by the main thread) from a
 * faker seeded by the run's seed. Rows pick from pools with the chunk PRNG: per-row faker calls are
 * 2–4× slower, and pools keep every worker's data identical. Each generator encodes them to UTF-8
 * bytes once (`encodePools`), so rows copy bytes and never build strings.
 */
export interface ValuePools {
  firstNames: string[];
  lastNames: string[];
  companies: string[];
  streets: string[];
  /** City, state abbreviation and postal code that belong together. */
  locations: { city: string; state: string; postalCode: string }[];
  emailDomains: string[];
  emailSubjects: string[];
  emailBodies: string[];
  smsBodies: string[];
  callNotes: string[];
  leadNotes: string[];
  churnReasons: string[];
}

const POOL_SIZES = {
  firstNames: 900,
  lastNames: 1_400,
  companies: 1_500,
  streets: 5_000,
  locations: 700,
  emailDomains: 80,
  emailSubjects: 400,
  emailBodies: 1_200,
  smsBodies: 600,
  callNotes: 300,
  leadNotes: 500,
  churnReasons: 150,
} as const;

// Most consumers use a handful of webmail providers; the rest spread over company domains.
const WEBMAIL = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com', 'aol.com'];

const SUBJECTS = [
  (f: Faker) => `New listing in ${f.location.city()}: ${f.number.int({ min: 2, max: 5 })} bed, $${price(f)}`,
  (f: Faker) => `Your saved search: ${f.number.int({ min: 3, max: 40 })} new homes`,
  (f: Faker) => `Open house this ${f.date.weekday()} at ${f.location.streetAddress()}`,
  (f: Faker) => `Price drop on ${f.location.streetAddress()}`,
  (f: Faker) => `Re: financing pre-approval for ${f.person.firstName()}`,
  (f: Faker) => `Market update for ${f.location.city()} — ${f.date.month()}`,
  () => 'Following up on your home search',
  () => 'Checking in: still looking to move?',
];

const EMAIL_BODIES = [
  (f: Faker) =>
    `Hi ${f.person.firstName()}, I found a ${f.number.int({ min: 2, max: 5 })}-bedroom home at ${f.location.streetAddress()} listed at $${price(f)}. ${f.lorem.sentence()} Would ${f.date.weekday()} work for a showing?`,
  (f: Faker) =>
    `Hello ${f.person.firstName()}, homes in ${f.location.city()} sold ${f.number.int({ min: 1, max: 9 })}% above asking last month. ${f.lorem.sentences(2)} Let me know if you want a valuation.`,
  (f: Faker) =>
    `Thanks for visiting the open house at ${f.location.streetAddress()}. ${f.lorem.sentences({ min: 1, max: 3 })} I can send comparable sales if useful.`,
  (f: Faker) =>
    `Hi ${f.person.firstName()}, just checking in on your plans. ${f.lorem.paragraph({ min: 1, max: 3 })}`,
  (f: Faker) =>
    `Your pre-approval letter from ${f.company.name()} is attached. ${f.lorem.sentences(2)} Call me at ${f.phone.number()} with any questions.`,
];

const SMS_BODIES = [
  (f: Faker) =>
    `Hi ${f.person.firstName()}, still interested in ${f.location.streetAddress()}? Reply YES for a showing.`,
  (f: Faker) =>
    `Showing confirmed ${f.date.weekday()} ${f.number.int({ min: 9, max: 18 })}:00. See you there!`,
  (f: Faker) => `New price on ${f.location.street()}: $${price(f)}. Want details?`,
  () => 'Thanks! Talk soon.',
  () => 'Can we move our call to tomorrow?',
];

const CALL_NOTES = [
  (f: Faker) => `Discussed budget up to $${price(f)}; wants ${f.location.city()} schools.`,
  () => 'Left voicemail, will retry.',
  () => 'Scheduled showing; spouse to join.',
  (f: Faker) => `Asked about HOA fees at ${f.location.street()}.`,
];

const REASONS = [
  () => 'Chose another agent',
  () => 'Stopped responding after showing',
  () => 'Decided to rent instead',
  () => 'Financing fell through',
  () => 'Relocated out of market',
  (f: Faker) => `Bought through ${f.company.name()}`,
  (f: Faker) => `Unsubscribed: ${f.lorem.sentence()}`,
];

function price(f: Faker): string {
  return (f.number.int({ min: 18, max: 250 }) * 5_000).toLocaleString('en-US');
}

/** Builds every pool from a faker seeded with `seed`: same seed, same pools, in every worker. */
export function buildPools(seed: number): ValuePools {
  const f = new Faker({ locale: [en] });
  f.seed(mixSeed(seed, STREAM.pools));
  const many = (n: number, make: () => string) => Array.from({ length: n }, make);
  const fromTemplates = (n: number, templates: ((f: Faker) => string)[]) =>
    many(n, () => f.helpers.arrayElement(templates)(f));
  const clean = (s: string) => s.replace(/[^A-Za-z]/g, '').toLowerCase() || 'lead';
  return {
    firstNames: many(POOL_SIZES.firstNames, () => f.person.firstName()),
    lastNames: many(POOL_SIZES.lastNames, () => f.person.lastName()),
    companies: many(POOL_SIZES.companies, () => f.company.name()),
    streets: many(POOL_SIZES.streets, () => f.location.streetAddress()),
    locations: Array.from({ length: POOL_SIZES.locations }, () => ({
      city: f.location.city(),
      state: f.location.state({ abbreviated: true }),
      postalCode: f.location.zipCode('#####'),
    })),
    emailDomains: [
      ...WEBMAIL,
      ...many(POOL_SIZES.emailDomains - WEBMAIL.length, () => `${clean(f.company.name())}.com`),
    ],
    emailSubjects: fromTemplates(POOL_SIZES.emailSubjects, SUBJECTS),
    emailBodies: fromTemplates(POOL_SIZES.emailBodies, EMAIL_BODIES),
    smsBodies: fromTemplates(POOL_SIZES.smsBodies, SMS_BODIES),
    callNotes: fromTemplates(POOL_SIZES.callNotes, CALL_NOTES),
    leadNotes: many(POOL_SIZES.leadNotes, () => f.lorem.sentence()),
    churnReasons: fromTemplates(POOL_SIZES.churnReasons, REASONS),
  };
}

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
