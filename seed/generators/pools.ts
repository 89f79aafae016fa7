// The English locale alone: the package's index loads every locale (≈ 0.2 s and 40 MB more).
import { faker } from '@faker-js/faker/locale/en';
import { mixSeed, STREAM } from './prng.ts';

/**
 * Value pools: names, companies, addresses, message texts, built once (by the main thread) from a
 * faker seeded by the run's seed. Rows pick from pools with the chunk PRNG: per-row faker calls are
 * 2–4× slower, and pools keep every worker's data identical. Each generator encodes them to UTF-8
 * bytes once (encoded-pools.ts), so rows copy bytes and never build strings.
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
type Fake = typeof faker;

const WEBMAIL = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com', 'aol.com'];

const SUBJECTS = [
  (f: Fake) => `New listing in ${f.location.city()}: ${f.number.int({ min: 2, max: 5 })} bed, $${price(f)}`,
  (f: Fake) => `Your saved search: ${f.number.int({ min: 3, max: 40 })} new homes`,
  (f: Fake) => `Open house this ${f.date.weekday()} at ${f.location.streetAddress()}`,
  (f: Fake) => `Price drop on ${f.location.streetAddress()}`,
  (f: Fake) => `Re: financing pre-approval for ${f.person.firstName()}`,
  (f: Fake) => `Market update for ${f.location.city()} — ${f.date.month()}`,
  () => 'Following up on your home search',
  () => 'Checking in: still looking to move?',
];

const EMAIL_BODIES = [
  (f: Fake) =>
    `Hi ${f.person.firstName()}, I found a ${f.number.int({ min: 2, max: 5 })}-bedroom home at ${f.location.streetAddress()} listed at $${price(f)}. ${f.lorem.sentence()} Would ${f.date.weekday()} work for a showing?`,
  (f: Fake) =>
    `Hello ${f.person.firstName()}, homes in ${f.location.city()} sold ${f.number.int({ min: 1, max: 9 })}% above asking last month. ${f.lorem.sentences(2)} Let me know if you want a valuation.`,
  (f: Fake) =>
    `Thanks for visiting the open house at ${f.location.streetAddress()}. ${f.lorem.sentences({ min: 1, max: 3 })} I can send comparable sales if useful.`,
  (f: Fake) =>
    `Hi ${f.person.firstName()}, just checking in on your plans. ${f.lorem.paragraph({ min: 1, max: 3 })}`,
  (f: Fake) =>
    `Your pre-approval letter from ${f.company.name()} is attached. ${f.lorem.sentences(2)} Call me at ${f.phone.number()} with any questions.`,
];

const SMS_BODIES = [
  (f: Fake) =>
    `Hi ${f.person.firstName()}, still interested in ${f.location.streetAddress()}? Reply YES for a showing.`,
  (f: Fake) =>
    `Showing confirmed ${f.date.weekday()} ${f.number.int({ min: 9, max: 18 })}:00. See you there!`,
  (f: Fake) => `New price on ${f.location.street()}: $${price(f)}. Want details?`,
  () => 'Thanks! Talk soon.',
  () => 'Can we move our call to tomorrow?',
];

const CALL_NOTES = [
  (f: Fake) => `Discussed budget up to $${price(f)}; wants ${f.location.city()} schools.`,
  () => 'Left voicemail, will retry.',
  () => 'Scheduled showing; spouse to join.',
  (f: Fake) => `Asked about HOA fees at ${f.location.street()}.`,
];

const REASONS = [
  () => 'Chose another agent',
  () => 'Stopped responding after showing',
  () => 'Decided to rent instead',
  () => 'Financing fell through',
  () => 'Relocated out of market',
  (f: Fake) => `Bought through ${f.company.name()}`,
  (f: Fake) => `Unsubscribed: ${f.lorem.sentence()}`,
];

function price(f: Fake): string {
  return (f.number.int({ min: 18, max: 250 }) * 5_000).toLocaleString('en-US');
}

/** Builds every pool from a faker seeded with `seed`: same seed, same pools, in every worker. */
export function buildPools(seed: number): ValuePools {
  const f = faker;
  // seed() resets the generator completely: the shared instance gives the same pools every time.
  f.seed(mixSeed(seed, STREAM.pools));
  const many = (n: number, make: () => string) => Array.from({ length: n }, make);
  const fromTemplates = (n: number, templates: ((f: Fake) => string)[]) =>
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
