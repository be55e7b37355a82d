-- Deployments a pipeline reports (POST /api/v1/deploys): what went where, from which commits, and how it ended.
CREATE TABLE deploys (
  id               INTEGER PRIMARY KEY,
  service          text NOT NULL,
  version          text NOT NULL,
  environment      text NOT NULL,
  strategy         text NOT NULL,            -- rolling | canary | blue-green
  actor            text NOT NULL,            -- who deployed, as reported (else the token's person or name)
  started_ms       INTEGER NOT NULL,
  finished_ms      INTEGER,
  outcome          text,                     -- succeeded | failed | rolled_back; NULL while running
  commits          JSON NOT NULL DEFAULT '[]', -- [{"sha","timeMs"}]
  first_commit_ms  INTEGER,                  -- the oldest commit time: lead time starts there
  created_by       text NOT NULL
);
CREATE INDEX deploys_service_started ON deploys (service, started_ms);
CREATE INDEX deploys_started ON deploys (started_ms);

-- Append-only history of each deploy (started, finished, rollout steps, judgements).
CREATE TABLE deploy_events (
  id         INTEGER PRIMARY KEY,
  deploy_id  INTEGER NOT NULL,
  at_ms      INTEGER NOT NULL,
  kind       text NOT NULL,
  actor      text NOT NULL,
  details    JSON NOT NULL DEFAULT '{}'
);
CREATE INDEX deploy_events_deploy ON deploy_events (deploy_id, id);

-- Admin overrides of a service's deploy gate: audited, always with a reason and an expiry.
CREATE TABLE gate_overrides (
  id          text PRIMARY KEY NOT NULL,
  service     text NOT NULL,
  changes     JSON NOT NULL,                 -- the change kinds it lets through
  reason      text NOT NULL,
  created_ms  INTEGER NOT NULL,
  created_by  text NOT NULL,
  expires_ms  INTEGER NOT NULL,
  revoked_ms  INTEGER
);
CREATE INDEX gate_overrides_service ON gate_overrides (service, expires_ms);

-- An incident may name the deploy that caused it (change failure rate, the deploy's timeline).
ALTER TABLE incidents ADD COLUMN cause_deploy_id INTEGER;
