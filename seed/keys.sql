-- Primary and foreign keys, built after the bulk load (faster than maintaining them row by row).
ALTER TABLE leads              ADD CONSTRAINT leads_pkey              PRIMARY KEY (id);
ALTER TABLE churn_predictions  ADD CONSTRAINT churn_predictions_pkey  PRIMARY KEY (id);
ALTER TABLE churn_events       ADD CONSTRAINT churn_events_pkey       PRIMARY KEY (id);
ALTER TABLE communication_logs ADD CONSTRAINT communication_logs_pkey PRIMARY KEY (id);
ALTER TABLE churn_predictions  ADD CONSTRAINT churn_predictions_lead_id_fkey  FOREIGN KEY (lead_id) REFERENCES leads (id);
ALTER TABLE churn_events       ADD CONSTRAINT churn_events_lead_id_fkey       FOREIGN KEY (lead_id) REFERENCES leads (id);
ALTER TABLE communication_logs ADD CONSTRAINT communication_logs_lead_id_fkey FOREIGN KEY (lead_id) REFERENCES leads (id);
