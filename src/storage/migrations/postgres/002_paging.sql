-- Alerting and on-call: normalised alerts, pages with durable escalation timers, their timeline,
-- queued notification deliveries, schedule overrides, API-created silences, server secrets.

-- Every alert ever received, deduplicated by (source, integration, fingerprint).
CREATE TABLE alerts (
  id             bigserial PRIMARY KEY,
  source         text NOT NULL,
  integration    text NOT NULL DEFAULT '',
  fingerprint    text NOT NULL,
  group_key      text NOT NULL,
  status         text NOT NULL,
  labels         jsonb NOT NULL,
  annotations    jsonb NOT NULL,
  summary        text NOT NULL,
  severity       text NOT NULL,
  service        text,
  team           text,
  starts_ms      bigint NOT NULL,
  ends_ms        bigint,
  first_seen_ms  bigint NOT NULL,
  last_seen_ms   bigint NOT NULL,
  page_id        bigint,
  -- Why it did not page on its own: silence:<name>, dependency:<page id>, severity, flapping.
  suppressed_by  text,
  state_changes  jsonb NOT NULL DEFAULT '[]',
  UNIQUE (source, integration, fingerprint)
);
CREATE INDEX alerts_page ON alerts (page_id);

-- A page: one per alert group while open; moves triggered -> acknowledged -> resolved.
CREATE TABLE pages (
  id                 bigserial PRIMARY KEY,
  group_key          text NOT NULL,
  status             text NOT NULL,
  severity           text NOT NULL,
  service            text,
  team               text,
  summary            text NOT NULL,
  escalation_policy  text,
  -- Escalation position: level index and how many times the policy has been repeated.
  level              integer NOT NULL DEFAULT 0,
  loop               integer NOT NULL DEFAULT 0,
  -- Bumped each time a snooze ends and the page triggers again; part of delivery idempotency keys.
  round              integer NOT NULL DEFAULT 0,
  -- The durable timer: when the escalation job must act next (notify a level, end a snooze).
  next_action_ms     bigint,
  assignee           text,
  upstream_page_id   bigint,
  created_ms         bigint NOT NULL,
  acknowledged_ms    bigint,
  acknowledged_by    text,
  resolved_ms        bigint,
  resolved_by        text,
  snoozed_until_ms   bigint
);
CREATE UNIQUE INDEX pages_open_group ON pages (group_key) WHERE status <> 'resolved';
CREATE INDEX pages_due ON pages (next_action_ms) WHERE next_action_ms IS NOT NULL;
CREATE INDEX pages_created ON pages (created_ms);

-- Append-only history of each page.
CREATE TABLE page_events (
  id       bigserial PRIMARY KEY,
  page_id  bigint NOT NULL,
  at_ms    bigint NOT NULL,
  kind     text NOT NULL,
  actor    text NOT NULL,
  details  jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX page_events_page ON page_events (page_id, id);

-- Notifications to send: written in the transaction that decides them, delivered by a worker.
CREATE TABLE deliveries (
  id               bigserial PRIMARY KEY,
  page_id          bigint,
  idempotency_key  text NOT NULL UNIQUE,
  recipient        text NOT NULL,
  channel          text NOT NULL,
  contact          jsonb NOT NULL,
  message          jsonb NOT NULL,
  status           text NOT NULL,
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_ms  bigint NOT NULL,
  last_error       text,
  created_ms       bigint NOT NULL,
  sent_ms          bigint
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_ms) WHERE status = 'pending';
CREATE INDEX deliveries_page ON deliveries (page_id);

CREATE TABLE schedule_overrides (
  id          text PRIMARY KEY,
  schedule    text NOT NULL,
  person      text NOT NULL,
  start_ms    bigint NOT NULL,
  end_ms      bigint NOT NULL,
  created_ms  bigint NOT NULL,
  created_by  text NOT NULL,
  deleted_ms  bigint
);
CREATE INDEX schedule_overrides_schedule ON schedule_overrides (schedule, end_ms);

CREATE TABLE silences (
  id          text PRIMARY KEY,
  matchers    jsonb NOT NULL,
  start_ms    bigint NOT NULL,
  end_ms      bigint NOT NULL,
  comment     text,
  created_by  text NOT NULL,
  created_ms  bigint NOT NULL
);

-- Generated once per installation: the key that signs acknowledgement links.
CREATE TABLE server_secrets (
  name   text PRIMARY KEY,
  value  text NOT NULL
);
