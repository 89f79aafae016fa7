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
  /** What the requirement claims for this index, as it claims it; src/results/claims.ts checks it. */
  claim?: IndexClaim;
}

/**
 * A claim of the requirement about one index, in its own terms: a single query's time without the
 * index (at least, or a range), with it (at most), and/or an improvement in percent. The carrier
 * scenario's measurements judge it. A user index from the config carries its claim the same way.
 */
export interface IndexClaim {
  /** The requirement's words, shown as the claim: "500 ms+ → 35 ms, 93 % faster". */
  text: string;
  /** What it is about, in a few words: "lead dashboard". */
  subject: string;
  /** The scenario whose single-connection and under-load figures judge the claim. */
  carrier: string;
  /** The other scenarios that use the index (shown beside the carrier; they do not judge the claim). */
  alsoUsedBy: readonly string[];
  /** One query without the index: at least `minMs` ("500ms+"), or inside `minMs`–`maxMs` ("300-600ms"). */
  before?: { minMs: number; maxMs?: number };
  /** One query with the index: at most this many ms ("35ms"). */
  afterMs?: number;
  /** The claimed improvement, percent faster ("93% performance improvement"). */
  improvementPercent?: number;
}

export const INDEX_CATALOGUE: readonly CatalogueIndex[] = [
  {
    name: 'idx_leads_status_score',
    table: 'leads',
    columns: [{ name: 'status' }, { name: 'score', order: 'DESC' }],
    priority: 'CRITICAL',
    demo: 'Lead dashboard ranking (shown to every enterprise client)',
    claim: {
      text: '500 ms+ → 35 ms, 93 % faster',
      subject: 'lead dashboard',
      carrier: 'lead-dashboard-ranking',
      alsoUsedBy: ['lead-search', 'churn-risk-analytics'],
      before: { minMs: 500 },
      afterMs: 35,
      improvementPercent: 93,
    },
  },
  {
    name: 'idx_churn_predictions_lead_timestamp',
    table: 'churn_predictions',
    columns: [{ name: 'lead_id' }, { name: 'prediction_timestamp', order: 'DESC' }],
    priority: 'CRITICAL',
    demo: 'Latest churn predictions per lead',
    claim: {
      text: '300–600 ms → 40 ms',
      subject: 'latest churn predictions',
      carrier: 'churn-latest-prediction',
      alsoUsedBy: ['churn-latest-page', 'churn-risk-analytics', 'lead-detail'],
      before: { minMs: 300, maxMs: 600 },
      afterMs: 40,
    },
  },
  {
    name: 'idx_churn_events_recovery_eligibility',
    table: 'churn_events',
    columns: [{ name: 'recovery_eligibility' }],
    priority: 'CRITICAL',
    demo: 'Eligible leads for win-back campaigns',
    claim: {
      text: '400 ms+ → 50 ms',
      subject: 'win-back eligibility',
      carrier: 'win-back-eligible',
      alsoUsedBy: [],
      before: { minMs: 400 },
      afterMs: 50,
    },
  },
  {
    name: 'idx_comm_followup_history',
    table: 'communication_logs',
    columns: [{ name: 'lead_id' }, { name: 'direction' }, { name: 'sent_at', order: 'DESC' }],
    where: "direction = 'outbound'",
    priority: 'HIGH',
    demo: 'Outbound communication history per lead',
    claim: {
      text: '70 % faster',
      subject: 'outbound history',
      carrier: 'outbound-history',
      alsoUsedBy: ['lead-detail'],
      improvementPercent: 70,
    },
  },
  {
    name: 'idx_leads_score_status_created',
    table: 'leads',
    columns: [{ name: 'score', order: 'DESC' }, { name: 'status' }, { name: 'created_at', order: 'DESC' }],
    priority: 'HIGH',
    demo: 'Top-scoring leads needing routing (high-intent lead routing)',
    claim: {
      text: '90 % faster',
      subject: 'high-intent routing',
      carrier: 'high-intent-routing',
      alsoUsedBy: [],
      improvementPercent: 90,
    },
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
