/**
 * What verify assumes of a database it did not seed: the requirement's four tables and the columns
 * the built-in scenarios and the catalogue indexes read. Anything else may differ freely.
 */
import { type CatalogueTable, INDEX_CATALOGUE } from '../../seed/catalogue.ts';

const SCENARIO_COLUMNS: Record<CatalogueTable, readonly string[]> = {
  leads: [
    'id',
    'first_name',
    'last_name',
    'email',
    'phone',
    'company',
    'source',
    'status',
    'score',
    'intent',
    'city',
    'budget_max',
    'agent_id',
    'created_at',
    'last_contacted_at',
  ],
  churn_predictions: [
    'lead_id',
    'prediction_timestamp',
    'churn_probability',
    'risk_tier',
    'top_factor',
    'model_version',
  ],
  churn_events: ['lead_id', 'event_type', 'churned_at', 'recovery_eligibility', 'recovery_attempts'],
  communication_logs: [
    'id',
    'lead_id',
    'channel',
    'direction',
    'status',
    'subject',
    'template_id',
    'campaign_id',
    'sent_at',
  ],
};

/** Table → the columns pgready reads from it (scenario columns plus catalogue index columns). */
export function requiredColumns(): Record<CatalogueTable, string[]> {
  const result = {} as Record<CatalogueTable, string[]>;
  for (const [table, columns] of Object.entries(SCENARIO_COLUMNS) as [CatalogueTable, readonly string[]][]) {
    const fromIndexes = INDEX_CATALOGUE.filter((i) => i.table === table).flatMap((i) =>
      i.columns.map((c) => c.name),
    );
    result[table] = [...new Set([...columns, ...fromIndexes])];
  }
  return result;
}
