/** The requirement's four tables, named once: the seed fills them, the catalogue indexes them, verify looks for them. */
export const REQUIREMENT_TABLES = [
  'leads',
  'churn_predictions',
  'churn_events',
  'communication_logs',
] as const;
export type RequirementTable = (typeof REQUIREMENT_TABLES)[number];
