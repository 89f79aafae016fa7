/**
 * The `indexes` key of the config: indexes a team adds to the catalogue, in the shape of
 * seed/catalogue.ts, on the requirement's four tables. Every problem is reported at once (zod
 * collects them; the names are checked against the built-ins and each other here).
 */
import { z } from 'zod';
import { INDEX_CATALOGUE } from '../../seed/catalogue.ts';

const IDENT = /^[a-z_][a-z0-9_]*$/;
const TABLES = ['leads', 'churn_predictions', 'churn_events', 'communication_logs'] as const;

/**
 * A team's own claim for its index, judged like the requirement's (issue 10): the carrier scenario
 * whose numbers judge it, and at least one of the before (ms, or a range), the after (ms), the
 * improvement (percent). `text` defaults to the numbers in the requirement's style.
 */
export const configClaimSchema = z
  .object({
    carrier: z.string().min(1, 'names the scenario whose numbers judge the claim'),
    alsoUsedBy: z.array(z.string()).default([]),
    subject: z.string().min(1).optional(),
    text: z.string().min(1).optional(),
    before: z
      .object({ minMs: z.number().positive(), maxMs: z.number().positive().optional() })
      .strict()
      .refine((b) => b.maxMs === undefined || b.maxMs >= b.minMs, 'maxMs must be at least minMs')
      .optional(),
    afterMs: z.number().positive().optional(),
    improvementPercent: z.number().positive().max(100).optional(),
  })
  .strict()
  .refine(
    (c) => c.before !== undefined || c.afterMs !== undefined || c.improvementPercent !== undefined,
    'a claim needs at least one of before, afterMs, improvementPercent',
  );

export const configIndexSchema = z
  .object({
    name: z.string().regex(IDENT, 'must be a lower-case SQL identifier, e.g. idx_leads_city').max(63),
    table: z.enum(TABLES, { message: `must be one of the requirement's tables: ${TABLES.join(', ')}` }),
    columns: z
      .array(
        z
          .object({
            name: z.string().regex(IDENT, 'must be a lower-case column name'),
            order: z.enum(['ASC', 'DESC']).optional(),
          })
          .strict(),
      )
      .min(1, 'needs at least one key column'),
    where: z
      .string()
      .min(1)
      .refine((w) => !/;|--|\/\*/.test(w), 'must be one SQL predicate without ; or comments')
      .optional(),
    priority: z.enum(['CRITICAL', 'HIGH']),
    demo: z.string().min(1).optional(),
    claim: configClaimSchema.optional(),
  })
  .strict();

export const configIndexesSchema = z.array(configIndexSchema).default([]);

/**
 * Name clashes (with a built-in index, or twice in the list), read from the raw config so they are
 * reported together with every other problem, even when an entry is otherwise invalid.
 */
export function indexNameProblems(raw: unknown): { path: (string | number)[]; message: string }[] {
  const list = (raw as { indexes?: unknown } | null)?.indexes;
  if (!Array.isArray(list)) return [];
  const builtIn = new Set(INDEX_CATALOGUE.map((i) => i.name));
  const seen = new Set<string>();
  const problems: { path: (string | number)[]; message: string }[] = [];
  list.forEach((entry, i) => {
    const name = (entry as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') return;
    if (builtIn.has(name)) {
      problems.push({
        path: ['indexes', i, 'name'],
        message: `"${name}" is a built-in catalogue index; give yours another name`,
      });
    } else if (seen.has(name)) {
      problems.push({ path: ['indexes', i, 'name'], message: `"${name}" is listed twice` });
    }
    seen.add(name);
  });
  return problems;
}
