/**
 * The index catalogue: the five indexes of the enterprise-readiness requirement, as data.
 * Everything else derives from it: the migration file (seed/migrations/012_enterprise_analytics.sql),
 * `seed --with-indexes`, the run's without/with phases, verify's checks and fix scripts.
 */
import type { RequirementTable } from './tables.ts';

export type IndexPriority = 'CRITICAL' | 'HIGH';
export type CatalogueTable = RequirementTable;

/** One key column of an index, in order. */
export interface IndexColumn {
  name: string;
  /** Sort order; ASC when omitted. */
  order?: 'ASC' | 'DESC';
}

/** One index the requirement says must exist. */
export interface CatalogueIndex {
  name: string;
  table: CatalogueTable;
  columns: readonly IndexColumn[];
  /** Partial-index predicate as SQL (without WHERE), e.g. `direction = 'outbound'`. */
  where?: string;
  priority: IndexPriority;
  /** The demo query it serves, in the requirement's words. */
  demo: string;
  /** What the requirement claims, in milliseconds (the claim pgready tests); absent when it names none. */
  claim?: { withoutMs: number; withMs: number };
}

export const INDEX_CATALOGUE: readonly CatalogueIndex[] = [
  {
    name: 'idx_leads_status_score',
    table: 'leads',
    columns: [{ name: 'status' }, { name: 'score', order: 'DESC' }],
    priority: 'CRITICAL',
    demo: 'Lead dashboard ranking (shown to every enterprise client)',
    claim: { withoutMs: 500, withMs: 35 },
  },
  {
    name: 'idx_churn_predictions_lead_timestamp',
    table: 'churn_predictions',
    columns: [{ name: 'lead_id' }, { name: 'prediction_timestamp', order: 'DESC' }],
    priority: 'CRITICAL',
    demo: 'Latest churn predictions per lead',
    claim: { withoutMs: 300, withMs: 40 },
  },
  {
    name: 'idx_churn_events_recovery_eligibility',
    table: 'churn_events',
    columns: [{ name: 'recovery_eligibility' }],
    priority: 'CRITICAL',
    demo: 'Eligible leads for win-back campaigns',
    claim: { withoutMs: 400, withMs: 50 },
  },
  {
    name: 'idx_comm_followup_history',
    table: 'communication_logs',
    columns: [{ name: 'lead_id' }, { name: 'direction' }, { name: 'sent_at', order: 'DESC' }],
    where: "direction = 'outbound'",
    priority: 'HIGH',
    demo: 'Outbound communication history per lead',
  },
  {
    name: 'idx_leads_score_status_created',
    table: 'leads',
    columns: [{ name: 'score', order: 'DESC' }, { name: 'status' }, { name: 'created_at', order: 'DESC' }],
    priority: 'HIGH',
    demo: 'Top-scoring leads needing routing (high-intent lead routing)',
  },
];

/** The column list as SQL: `status, score DESC`. */
export function columnsSql(index: Pick<CatalogueIndex, 'columns'>): string {
  return index.columns.map((c) => (c.order === 'DESC' ? `${c.name} DESC` : c.name)).join(', ');
}

export interface CreateIndexOptions {
  concurrently?: boolean;
  ifNotExists?: boolean;
  /** Build under another name (verify's fix script builds a replacement, then swaps names). */
  name?: string;
}

/** `CREATE INDEX …` for a catalogue index, as the requirement writes it. */
export function createIndexSql(index: CatalogueIndex, options: CreateIndexOptions = {}): string {
  const parts = ['CREATE INDEX'];
  if (options.concurrently) parts.push('CONCURRENTLY');
  if (options.ifNotExists) parts.push('IF NOT EXISTS');
  parts.push(options.name ?? index.name);
  let sql = `${parts.join(' ')}\n    ON ${index.table}(${columnsSql(index)})`;
  if (index.where) sql += `\n    WHERE ${index.where}`;
  return `${sql};`;
}

/** The migration file's content, generated from the catalogue. */
export function migrationSql(): string {
  const header = [
    '-- 012_enterprise_analytics.sql',
    '-- GENERATED from seed/catalogue.ts by `npm run gen:migration`; do not edit by hand.',
    '-- The enterprise-readiness indexes. CREATE INDEX CONCURRENTLY cannot run inside a transaction',
    '-- block: apply with psql in autocommit mode (psql -f), not wrapped in BEGIN/COMMIT.',
    '',
  ];
  const body = INDEX_CATALOGUE.map(
    (index) =>
      `-- ${index.priority}: ${index.demo}\n${createIndexSql(index, { concurrently: true, ifNotExists: true })}\n`,
  );
  return `${header.join('\n')}\n${body.join('\n')}`;
}
