/**
 * The index catalogue: the five indexes of the enterprise-readiness requirement, as data.
 * Everything else derives from it: the migration file (seed/migrations/012_enterprise_analytics.sql),
 * `seed --with-indexes`, the run's without/with phases, verify's checks and fix scripts.
 */
import type { RequirementTable } from './tables.ts';

/** MEDIUM: an index the application's code defines without a `-- pgready: priority` comment (informational). */
export type IndexPriority = 'CRITICAL' | 'HIGH' | 'MEDIUM';
export type CatalogueTable = RequirementTable;

/** One key of an index, in order: a column, or (with `expression`) an SQL expression. */
export interface IndexColumn {
  /** The column name, or the expression's SQL when `expression` is set (`lower(email)`). */
  name: string;
  /** Sort order; ASC when omitted. */
  order?: 'ASC' | 'DESC';
  /** NULLS FIRST/LAST when written; the direction's default when omitted. */
  nulls?: 'FIRST' | 'LAST';
  /** `name` is an expression, not a column. */
  expression?: boolean;
  /** Operator class as written (`jsonb_path_ops`), when not the default. */
  opclass?: string;
}

/** One index the catalogue says must exist: the requirement's five, a config's, or the application's code's. */
export interface CatalogueIndex {
  name: string;
  /** The requirement's four tables, or (an index from the application's code) any table. */
  table: string;
  /** The table's schema as the code writes it (`app.leads`); the search path when absent. */
  schema?: string;
  columns: readonly IndexColumn[];
  /** Partial-index predicate as SQL (without WHERE), e.g. `direction = 'outbound'`. */
  where?: string;
  /** CREATE UNIQUE INDEX. */
  unique?: boolean;
  /** Access method (`USING gin`); btree when absent. */
  method?: string;
  /** INCLUDE columns (not part of the key). */
  include?: readonly string[];
  /** Where the application's code defines it: "migrations/012_x.sql:3", in file order (indexesFrom). */
  definedAt?: readonly string[];
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

/** The key list as SQL: `status, score DESC`, `(lower(email)), created_at DESC NULLS LAST`. */
export function columnsSql(index: Pick<CatalogueIndex, 'columns'>): string {
  return index.columns
    .map((c) => {
      let text = c.expression ? `(${c.name})` : c.name;
      if (c.opclass) text += ` ${c.opclass}`;
      if (c.order === 'DESC') text += ' DESC';
      if (c.nulls) text += ` NULLS ${c.nulls}`;
      return text;
    })
    .join(', ');
}

/** `ON leads USING gin (tags) INCLUDE (x) WHERE …` without the `ON`: the part after the index name. */
export function indexBodySql(index: CatalogueIndex, table: string): string {
  const using = index.method && index.method !== 'btree' ? ` USING ${index.method}` : '';
  const include = index.include?.length ? ` INCLUDE (${index.include.join(', ')})` : '';
  const where = index.where ? ` WHERE ${index.where}` : '';
  return `${table}${using} (${columnsSql(index)})${include}${where}`;
}

export interface CreateIndexOptions {
  concurrently?: boolean;
  ifNotExists?: boolean;
  /** Build under another name (verify's fix script builds a replacement, then swaps names). */
  name?: string;
}

/** `CREATE INDEX …` for a catalogue index, as the requirement writes it. */
export function createIndexSql(index: CatalogueIndex, options: CreateIndexOptions = {}): string {
  const parts = [index.unique ? 'CREATE UNIQUE INDEX' : 'CREATE INDEX'];
  if (options.concurrently) parts.push('CONCURRENTLY');
  if (options.ifNotExists) parts.push('IF NOT EXISTS');
  parts.push(options.name ?? index.name);
  const table = index.schema ? `${index.schema}.${index.table}` : index.table;
  const using = index.method && index.method !== 'btree' ? ` USING ${index.method}` : '';
  let sql = `${parts.join(' ')}\n    ON ${table}${using}(${columnsSql(index)})`;
  if (index.include?.length) sql += ` INCLUDE (${index.include.join(', ')})`;
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
