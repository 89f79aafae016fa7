-- pgready base schema: the four tables of the enterprise-readiness requirement, with the columns a
-- real-estate CRM has. Primary and foreign keys only: the catalogue indexes (seed/catalogue.ts) are
-- applied separately, so a freshly seeded database starts in the honest "without" state.
-- Keys are added by seed/keys.sql after the bulk load.

CREATE TABLE leads (
  id                bigint      NOT NULL,
  tenant_id         integer     NOT NULL,   -- brokerage (multi-tenant CRM)
  agent_id          integer,                -- assigned agent; NULL = unassigned
  first_name        text        NOT NULL,
  last_name         text        NOT NULL,
  email             text,
  phone             text,
  company           text,
  source            text        NOT NULL,   -- website, zillow, referral, open_house, ...
  status            text        NOT NULL,   -- new, contacted, qualified, ..., closed_won, closed_lost
  score             integer     NOT NULL,   -- 0..100 lead score (AI)
  intent            text        NOT NULL,   -- buy, sell, rent, invest
  property_interest text        NOT NULL,   -- single_family, condo, townhouse, ...
  budget_min        integer,
  budget_max        integer,
  bedrooms          smallint,
  address           text,
  city              text        NOT NULL,
  state             text        NOT NULL,
  postal_code       text,
  preferred_channel text        NOT NULL,   -- email, sms, call
  notes             text,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  last_contacted_at timestamptz
);

CREATE TABLE churn_predictions (
  id                     bigint      NOT NULL,
  lead_id                bigint      NOT NULL,
  prediction_timestamp   timestamptz NOT NULL,
  churn_probability      real        NOT NULL,  -- 0..1
  risk_tier              text        NOT NULL,  -- low, medium, high, critical
  model_version          text        NOT NULL,
  days_since_contact     integer     NOT NULL,
  engagement_score       real        NOT NULL,
  top_factor             text        NOT NULL   -- strongest feature behind the prediction
);

CREATE TABLE churn_events (
  id                     bigint      NOT NULL,
  lead_id                bigint      NOT NULL,
  event_type             text        NOT NULL,  -- went_silent, unsubscribed, chose_competitor, ...
  churned_at             timestamptz NOT NULL,
  reason                 text,
  recovery_eligibility   text        NOT NULL,  -- eligible, not_eligible, in_campaign, recovered, expired
  recovery_attempts      integer     NOT NULL,
  last_recovery_at       timestamptz,
  churn_probability_at_event real
);

CREATE TABLE communication_logs (
  id                bigint      NOT NULL,
  lead_id           bigint      NOT NULL,
  agent_id          integer,
  channel           text        NOT NULL,   -- email, sms, call, voicemail, whatsapp
  direction         text        NOT NULL,   -- outbound, inbound
  status            text        NOT NULL,   -- sent, delivered, opened, replied, failed, bounced
  subject           text,
  body              text,
  template_id       integer,
  campaign_id       integer,
  duration_seconds  integer,                -- calls only
  sent_at           timestamptz NOT NULL
);
