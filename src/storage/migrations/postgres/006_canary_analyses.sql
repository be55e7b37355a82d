-- Canary analyses run over time (POST /api/v1/canary/analyses): one row each, its judged intervals inline.
CREATE TABLE canary_analyses (
  id               bigserial PRIMARY KEY,
  service          text NOT NULL,
  deploy_id        bigint,
  status           text NOT NULL,            -- running | pass | marginal | fail | cancelled
  reason           text,                     -- why it ended
  score            double precision,                     -- the last judged interval's score
  spec             jsonb NOT NULL,            -- the AnalysisSpec it runs
  intervals        jsonb NOT NULL DEFAULT '[]', -- judged intervals, in order; one per index, never rewritten
  judged           bigint NOT NULL DEFAULT 0, -- how many intervals are judged: the next one is judged + 1
  next_due_ms      bigint,                  -- when the job next looks at it; NULL once it ended
  retry_since_ms   bigint,                  -- first failed read of the interval now due (bounds the retries)
  last_error       text,                     -- the last failed read, shown until the interval is judged
  started_ms       bigint NOT NULL,
  ends_ms          bigint NOT NULL,
  finished_ms      bigint,
  created_by       text NOT NULL
);
CREATE INDEX canary_analyses_due ON canary_analyses (status, next_due_ms);
CREATE INDEX canary_analyses_service ON canary_analyses (service, id);
CREATE INDEX canary_analyses_deploy ON canary_analyses (deploy_id, id);

-- Samples pushed for analyses whose source is `pushed`.
CREATE TABLE canary_samples (
  id           bigserial PRIMARY KEY,
  analysis_id  bigint NOT NULL,
  metric       text NOT NULL,
  variant      text NOT NULL,                -- control | experiment
  at_ms        bigint NOT NULL,
  value        double precision NOT NULL
);
CREATE INDEX canary_samples_read ON canary_samples (analysis_id, metric, variant, at_ms);
