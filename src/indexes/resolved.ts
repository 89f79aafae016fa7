/**
 * The resolved index catalogue: the requirement's five (seed/catalogue.ts) plus the indexes a team
 * adds in its config (`indexes`). Built once per command and passed down to everything that
 * checks, builds, drops or fixes indexes — never a mutated global.
 */
import {
  type CatalogueIndex,
  type CatalogueTable,
  INDEX_CATALOGUE,
  type IndexClaim,
} from '../../seed/catalogue.ts';

/** An index from the config, as users write it (same shape as seed/catalogue.ts; `demo` optional). */
export interface ConfigIndexInput {
  name: string;
  table: CatalogueTable;
  columns: readonly { name: string; order?: 'ASC' | 'DESC' | undefined }[];
  where?: string | undefined;
  priority: CatalogueIndex['priority'];
  demo?: string | undefined;
  claim?:
    | {
        carrier: string;
        alsoUsedBy?: readonly string[] | undefined;
        subject?: string | undefined;
        text?: string | undefined;
        before?: { minMs: number; maxMs?: number | undefined } | undefined;
        afterMs?: number | undefined;
        improvementPercent?: number | undefined;
      }
    | undefined;
}

/** A config claim in the catalogue's shape; its text, when not given, in the requirement's style. */
function claimOf(name: string, c: NonNullable<ConfigIndexInput['claim']>): IndexClaim {
  const before = c.before
    ? c.before.maxMs !== undefined
      ? `${c.before.minMs}–${c.before.maxMs} ms`
      : `${c.before.minMs} ms`
    : undefined;
  const parts = [
    before && c.afterMs !== undefined
      ? `${before} → ${c.afterMs} ms`
      : before
        ? `${before} before`
        : undefined,
    !before && c.afterMs !== undefined ? `${c.afterMs} ms` : undefined,
    c.improvementPercent !== undefined ? `${c.improvementPercent} % faster` : undefined,
  ].filter(Boolean);
  return {
    text: c.text ?? parts.join(', '),
    subject: c.subject ?? name,
    carrier: c.carrier,
    alsoUsedBy: [...(c.alsoUsedBy ?? [])],
    ...(c.before
      ? {
          before: {
            minMs: c.before.minMs,
            ...(c.before.maxMs !== undefined ? { maxMs: c.before.maxMs } : {}),
          },
        }
      : {}),
    ...(c.afterMs !== undefined ? { afterMs: c.afterMs } : {}),
    ...(c.improvementPercent !== undefined ? { improvementPercent: c.improvementPercent } : {}),
  };
}

/** The built-in indexes followed by the config's, in order. Names are checked unique by the config schema. */
export function resolveCatalogue(extra: readonly ConfigIndexInput[] = []): readonly CatalogueIndex[] {
  return [
    ...INDEX_CATALOGUE,
    ...extra.map(
      (index): CatalogueIndex => ({
        name: index.name,
        table: index.table,
        columns: index.columns.map((c) =>
          c.order === 'DESC' ? { name: c.name, order: 'DESC' } : { name: c.name },
        ),
        ...(index.where ? { where: index.where } : {}),
        priority: index.priority,
        demo: index.demo ?? 'from the config',
        ...(index.claim ? { claim: claimOf(index.name, index.claim) } : {}),
      }),
    ),
  ];
}
