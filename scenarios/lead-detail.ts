import { defineScenario } from '../src/scenarios/define.ts';

/** The lead detail page in one round trip: the lead, its latest prediction, its last 5 outbound messages. */
export default defineScenario({
  name: 'lead-detail',
  description: 'Lead detail view: lead + latest churn prediction + last 5 outbound messages',
  category: 'Detail Views',
  sql: `SELECT l.id, l.first_name, l.last_name, l.email, l.phone, l.status, l.score, l.intent, l.city,
       p.churn_probability, p.risk_tier, p.prediction_timestamp,
       m.messages
FROM leads l
LEFT JOIN LATERAL (
  SELECT churn_probability, risk_tier, prediction_timestamp
  FROM churn_predictions
  WHERE lead_id = l.id
  ORDER BY prediction_timestamp DESC
  LIMIT 1
) p ON true
LEFT JOIN LATERAL (
  SELECT json_agg(json_build_object('channel', c.channel, 'subject', c.subject, 'sent_at', c.sent_at)) AS messages
  FROM (
    SELECT channel, subject, sent_at
    FROM communication_logs
    WHERE lead_id = l.id AND direction = 'outbound'
    ORDER BY sent_at DESC
    LIMIT 5
  ) c
) m ON true
WHERE l.id = $1`,
  sampleSql: `SELECT l.id AS lead_id
FROM leads l
WHERE EXISTS (SELECT 1 FROM churn_predictions p WHERE p.lead_id = l.id)
  AND EXISTS (SELECT 1 FROM communication_logs c WHERE c.lead_id = l.id AND c.direction = 'outbound')
ORDER BY md5(l.id::text || $1::text)
LIMIT 500`,
  params: (sample, random) => [sample[Math.floor(random() * sample.length)]!.lead_id],
  expectedIndexes: ['idx_churn_predictions_lead_timestamp', 'idx_comm_followup_history'],
  weight: 5,
});
