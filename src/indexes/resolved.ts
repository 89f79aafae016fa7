/**
 * The resolved index catalogue: the requirement's five (seed/catalogue.ts) plus the indexes a team
 * adds in its config (`indexes`). Built once per command and passed down to everything that
 * checks, builds, drops or fixes indexes — never a mutated global.
 */
import { type CatalogueIndex, type CatalogueTable, INDEX_CATALOGUE } from '../../seed/catalogue.ts';

/** An index from the config, as users write it (same shape as seed/catalogue.ts; `demo` optional). */
export interface ConfigIndexInput {
  name: string;
  table: CatalogueTable;
  columns: readonly { name: string; order?: 'ASC' | 'DESC' | undefined }[];
  where?: string | undefined;
  priority: CatalogueIndex['priority'];
  demo?: string | undefined;
  claim?: { withoutMs: number; withMs: number } | undefined;
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
        ...(index.claim ? { claim: index.claim } : {}),
      }),
    ),
  ];
}
