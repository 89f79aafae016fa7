/**
 * The `indexes` key of the config: indexes a team adds to the catalogue, in the shape of
 * seed/catalogue.ts, on the requirement's four tables. Every problem is reported at once (zod
 * collects them; the names are checked against the built-ins and each other here).
 */
import { z } from 'zod';
import { INDEX_CATALOGUE } from '../../seed/catalogue.ts';

const IDENT = /^[a-z_][a-z0-9_]*$/;
const TABLES = ['leads', 'churn_predictions', 'churn_events', 'communication_logs'] as const;

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
    claim: z.object({ withoutMs: z.number().positive(), withMs: z.number().positive() }).strict().optional(),
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
