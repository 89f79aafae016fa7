/**
 * Drift, index by index: what the application's code defines (config `indexesFrom`) against what
 * the database has, plus what the code shows by itself (a name defined twice, one of the
 * requirement's indexes defined differently). Indexes in the database that no file defines are
 * information, never a failure.
 */
import type { CatalogueIndex } from '../../seed/catalogue.ts';
import type { DriftItem, VerifyIndexStatus } from '../results/verify.ts';
import type { CatalogInspection } from './inspect.ts';
import { REPLACEMENT_SUFFIX } from './inspect.ts';

export function driftOf(
  catalogue: readonly CatalogueIndex[],
  inspection: Pick<CatalogInspection, 'indexes' | 'details' | 'found' | 'tables'>,
  codeDrift: readonly DriftItem[],
): DriftItem[] {
  const drift: DriftItem[] = [];
  const defined = catalogue.filter((e) => e.definedAt?.length);
  if (defined.length === 0) return [...codeDrift];
  const statuses = new Map(inspection.indexes.map((s) => [s.name, s]));
  for (const entry of defined) {
    const status = statuses.get(entry.name);
    const item = status ? fromStatus(entry, status) : undefined;
    if (item) drift.push(item);
  }
  drift.push(...codeDrift);
  // In the database on the catalogue's tables, in no file: information.
  const claimed = new Set(
    [...inspection.details.values()].flatMap((d) => [
      d.equivalent?.oid,
      d.byName?.oid,
      ...d.leftovers.map((l) => l.oid),
    ]),
  );
  const names = new Set(catalogue.map((e) => e.name));
  const tableOids = new Set([...inspection.tables.values()].flatMap((t) => (t.oid === null ? [] : [t.oid])));
  for (const f of inspection.found) {
    if (!tableOids.has(f.tableOid) || f.constraint || claimed.has(f.oid) || names.has(f.name)) continue;
    if (f.name.endsWith(REPLACEMENT_SUFFIX)) continue;
    drift.push({
      index: f.name,
      kind: 'not-in-code',
      places: [],
      detail: `present in the database (${f.definition}) and defined in no file of indexesFrom`,
    });
  }
  return drift;
}

function fromStatus(entry: CatalogueIndex, status: VerifyIndexStatus): DriftItem | undefined {
  const places = [...(entry.definedAt ?? [])].slice(0, 1);
  const base = { index: entry.name, places };
  switch (status.state) {
    case 'ok':
      return undefined;
    case 'missing':
      return {
        ...base,
        kind: 'missing',
        detail: status.problems.join('; ') || 'defined in the code, missing in the database',
      };
    case 'renamed':
      return {
        ...base,
        kind: 'other-name',
        detail: `present as ${status.foundAs} with the code's definition, not under the name ${entry.name}`,
      };
    case 'mismatch':
      return {
        ...base,
        kind: 'other-definition',
        detail: `present with another definition: ${status.problems.join('; ')}`,
      };
    case 'invalid':
      return { ...base, kind: 'invalid', detail: status.problems.join('; ') };
  }
}
