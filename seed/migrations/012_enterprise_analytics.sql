-- 012_enterprise_analytics.sql
-- GENERATED from seed/catalogue.ts by `npm run gen:migration`; do not edit by hand.
-- The enterprise-readiness indexes. CREATE INDEX CONCURRENTLY cannot run inside a transaction
-- block: apply with psql in autocommit mode (psql -f), not wrapped in BEGIN/COMMIT.

-- CRITICAL: Lead dashboard ranking (shown to every enterprise client)
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_leads_status_score
    ON leads(status, score DESC);

-- CRITICAL: Latest churn predictions per lead
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_churn_predictions_lead_timestamp
    ON churn_predictions(lead_id, prediction_timestamp DESC);

-- CRITICAL: Eligible leads for win-back campaigns
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_churn_events_recovery_eligibility
    ON churn_events(recovery_eligibility);

-- HIGH: Outbound communication history per lead
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_comm_followup_history
    ON communication_logs(lead_id, direction, sent_at DESC)
    WHERE direction = 'outbound';

-- HIGH: Top-scoring leads needing routing (high-intent lead routing)
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_leads_score_status_created
    ON leads(score DESC, status, created_at DESC);
