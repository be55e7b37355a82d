-- Progressive rollouts Nines drives for a deploy (src/rollouts/): the plan as it was at start, the state
-- machine's state, when it is due, and which node drives it (a lease taken by compare-and-set).
CREATE TABLE rollouts (
  id              INTEGER PRIMARY KEY,
  deploy_id       INTEGER NOT NULL UNIQUE,    -- one rollout per deploy
  service         text NOT NULL,
  plan_name       text NOT NULL,
  plan            JSON NOT NULL,              -- the RolloutPlan snapshotted at start: a reload never changes it
  change_kind     text NOT NULL,              -- feature | reliability | security (what the gate was asked)
  status          text NOT NULL,              -- running | succeeded | rolled_back | failed | aborted
  state           JSON NOT NULL,              -- the machine's state (src/rollouts/machine.ts)
  due_ms          INTEGER,                    -- when a node should look at it next; NULL once it ended
  version         INTEGER NOT NULL DEFAULT 0, -- bumped on every write (compare-and-set)
  lease_owner     text,                       -- the node driving it
  lease_until_ms  INTEGER,                    -- another node may take it over after this
  created_ms      INTEGER NOT NULL,
  created_by      text NOT NULL,
  updated_ms      INTEGER NOT NULL,
  finished_ms     INTEGER
);
CREATE INDEX rollouts_due ON rollouts (due_ms) WHERE due_ms IS NOT NULL;
CREATE INDEX rollouts_service ON rollouts (service, id);
CREATE INDEX rollouts_status ON rollouts (status, id);
