/**
 * A scenario's candidates as advise proposes them: the query's shape read from the parse tree,
 * the tables' columns and indexes read from the catalog, the rules applied, and every candidate
 * that already exists (on the server under any name, or on a twin's source) set aside with why.
 */
import type pg from 'pg';
import type { AdviseCandidate } from '../results/advise.ts';
import type { ScenarioDefinition } from '../scenarios/define.ts';
import { deriveCandidates } from './candidates.ts';
import { candidateDdl, candidateName, type ParsedDefinition } from './ddl.ts';
import { existingMatch, readTableCatalog, widenable } from './existing.ts';
import { queryShape } from './query-shape.ts';

export interface DerivedCandidates {
  candidates: AdviseCandidate[];
  skipped: { ddl: string; reason: string }[];
}

export async function deriveForScenario(
  client: pg.ClientBase,
  definition: Pick<ScenarioDefinition, 'sql'>,
  options: { serverVersionNum: number; source: readonly ParsedDefinition[]; max: number },
): Promise<DerivedCandidates> {
  const tables = queryShape(definition.sql, () => []).tables.map((t) => t.table);
  const catalog = await readTableCatalog(client, tables, options.serverVersionNum);
  const shape = queryShape(definition.sql, (table) => [...(catalog.info.get(table)?.columns ?? [])]);
  // Derive more than asked: the ones that exist already are set aside before the cut.
  const specs = deriveCandidates(shape, widenable(catalog), options.max * 4);
  const candidates: AdviseCandidate[] = [];
  const skipped: DerivedCandidates['skipped'] = [];
  for (const spec of specs) {
    const name = candidateName(spec);
    const ddl = candidateDdl(spec, name, { concurrently: true });
    const exists = await existingMatch(client, spec, catalog, options.source);
    if (exists) skipped.push({ ddl, reason: exists });
    else if (candidates.length < options.max)
      candidates.push({ name, table: spec.table, ddl, rule: spec.rule });
  }
  return { candidates, skipped };
}

/** The candidate's DDL without CONCURRENTLY (what HypoPG takes). */
export function plainDdl(ddl: string): string {
  return ddl.replace('CREATE INDEX CONCURRENTLY ', 'CREATE INDEX ');
}
