-- Nines schema v1: tokens, SLI buckets, push batches, SLO alert state and history, probe results, audit.

CREATE TABLE api_tokens (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  token_hash  text NOT NULL UNIQUE,
  scopes      text[] NOT NULL,
  created_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);

-- One row per SLO instance and minute: the durable truth the in-memory series are rebuilt from.
CREATE TABLE sli_buckets (
  slo       text NOT NULL,
  start_ms  bigint NOT NULL,
  good      double precision NOT NULL,
  total     double precision NOT NULL,
  PRIMARY KEY (slo, start_ms)
);

-- SLO instances created from groupBy label values, so a restart knows them before the source answers.
CREATE TABLE slo_instances (
  name    text PRIMARY KEY,
  spec    text NOT NULL,
  labels  jsonb NOT NULL
);

-- Push batches already counted, so a repeated batchId is acknowledged without counting twice.
CREATE TABLE ingest_batches (
  batch_id     text PRIMARY KEY,
  accepted     integer NOT NULL,
  received_ms  bigint NOT NULL
);

-- How far each Prometheus-sourced SLO spec has been read, so a restart backfills only the gap.
CREATE TABLE source_cursors (
  slo_spec    text PRIMARY KEY,
  through_ms  bigint NOT NULL
);

-- The engine's alert state machine per SLO instance (plain JSON), restored on restart.
CREATE TABLE slo_alert_state (
  slo         text PRIMARY KEY,
  state       jsonb NOT NULL,
  updated_ms  bigint NOT NULL
);

-- One row per alert episode: when it fired and resolved, and the burn rates at each transition.
CREATE TABLE slo_alerts (
  id                   bigserial PRIMARY KEY,
  slo                  text NOT NULL,
  service              text NOT NULL,
  severity             text NOT NULL,
  fired_ms             bigint NOT NULL,
  fired_burn_rates     jsonb NOT NULL,
  resolved_ms          bigint,
  resolved_burn_rates  jsonb,
  labels               jsonb NOT NULL,
  reason               text
);
CREATE INDEX slo_alerts_open ON slo_alerts (slo, severity) WHERE resolved_ms IS NULL;
CREATE INDEX slo_alerts_fired ON slo_alerts (fired_ms);

CREATE TABLE probe_results (
  probe           text NOT NULL,
  started_ms      bigint NOT NULL,
  ok              boolean NOT NULL,
  latency_ms      double precision NOT NULL,
  attempts        integer NOT NULL,
  status          integer,
  cert_days_left  integer,
  error           text,
  PRIMARY KEY (probe, started_ms)
);

CREATE TABLE audit_log (
  id       bigserial PRIMARY KEY,
  at_ms    bigint NOT NULL,
  actor    text NOT NULL,
  action   text NOT NULL,
  target   text NOT NULL,
  details  jsonb NOT NULL DEFAULT '{}'
);
