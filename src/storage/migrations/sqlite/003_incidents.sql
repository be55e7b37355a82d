-- Incidents, their append-only timeline and public status updates; the status page's overrides and
-- maintenance; postmortems and their action items.

-- An incident: declared by a person or by paging policy. Milestones are set once, when first reached.
CREATE TABLE incidents (
  id                    INTEGER PRIMARY KEY,
  title                 text NOT NULL,
  severity              text NOT NULL,              -- SEV1..SEV4
  status                text NOT NULL,              -- investigating | identified | monitoring | resolved
  summary               text NOT NULL DEFAULT '',
  services              JSON NOT NULL DEFAULT '[]', -- affected services, as declared or added
  blast_radius          JSON NOT NULL DEFAULT '[]', -- services depending on an affected one, transitively
  -- Roles: {"commander": "alice", "communications": "bob", "operations": ..., "scribe": ..., "sme": ["carol"]}.
  roles                 JSON NOT NULL DEFAULT '{}',
  -- Shown on the public status page (under public_title, with public updates only) when true.
  public                BOOLEAN NOT NULL DEFAULT 1,
  public_title          text,
  data_loss             BOOLEAN NOT NULL DEFAULT 0,
  tags                  JSON NOT NULL DEFAULT '[]',
  declared_by           text NOT NULL,
  -- Onset of impact (first linked alert's start, or as declared): MTTD is detected - started.
  started_ms            INTEGER NOT NULL,
  -- Detection: when the first alert or person noticed (an auto-declared incident's page creation).
  detected_ms           INTEGER NOT NULL,
  declared_ms           INTEGER NOT NULL,
  acknowledged_ms       INTEGER,
  identified_ms         INTEGER,
  mitigated_ms          INTEGER,
  resolved_ms           INTEGER,
  -- Communication cadence timers (null when no update is owed).
  update_remind_ms      INTEGER,
  update_due_ms         INTEGER,
  last_update_ms        INTEGER,
  cadence_round         integer NOT NULL DEFAULT 0
);
CREATE INDEX incidents_open ON incidents (status) WHERE status <> 'resolved';
CREATE INDEX incidents_declared ON incidents (declared_ms);
CREATE INDEX incidents_cadence ON incidents (update_remind_ms) WHERE update_remind_ms IS NOT NULL;

-- The append-only timeline: rows are inserted, never updated or deleted. A correction is a new event
-- whose `corrects` names the event it corrects.
CREATE TABLE incident_events (
  id           INTEGER PRIMARY KEY,
  incident_id  INTEGER NOT NULL,
  at_ms        INTEGER NOT NULL,
  kind         text NOT NULL,
  actor        text NOT NULL,
  details      JSON NOT NULL DEFAULT '{}',
  corrects     INTEGER
);
CREATE INDEX incident_events_incident ON incident_events (incident_id, id);

-- Updates posted for the incident's audience; only `public` ones ever reach the status page.
CREATE TABLE status_updates (
  id           INTEGER PRIMARY KEY,
  incident_id  INTEGER NOT NULL,
  at_ms        INTEGER NOT NULL,
  status       text NOT NULL,                -- investigating | identified | monitoring | resolved
  message      text NOT NULL,
  public       BOOLEAN NOT NULL DEFAULT 1,
  posted_by    text NOT NULL,
  -- When the update was owed (null if none was) and whether it came by then.
  due_ms       INTEGER,
  on_time      BOOLEAN
);
CREATE INDEX status_updates_incident ON status_updates (incident_id, at_ms);
CREATE INDEX status_updates_at ON status_updates (at_ms);

-- A page that declared or joined an incident.
ALTER TABLE pages ADD COLUMN incident_id INTEGER;
CREATE INDEX pages_incident ON pages (incident_id) WHERE incident_id IS NOT NULL;

-- Notifications about an incident (cadence reminders) or an action item (overdue), besides pages.
ALTER TABLE deliveries ADD COLUMN incident_id INTEGER;
ALTER TABLE deliveries ADD COLUMN action_item_id INTEGER;
CREATE INDEX deliveries_incident ON deliveries (incident_id) WHERE incident_id IS NOT NULL;

-- A manual status for a status-page component, until cleared or until `until_ms`.
CREATE TABLE component_overrides (
  component   text PRIMARY KEY,
  status      text NOT NULL,
  reason      text NOT NULL DEFAULT '',
  set_by      text NOT NULL,
  set_ms      INTEGER NOT NULL,
  until_ms    INTEGER
);

-- Scheduled maintenance shown on the status page and left out of uptime.
CREATE TABLE maintenances (
  id            INTEGER PRIMARY KEY,
  title         text NOT NULL,
  description   text NOT NULL DEFAULT '',
  components    JSON NOT NULL,
  start_ms      INTEGER NOT NULL,
  end_ms        INTEGER NOT NULL,
  created_by    text NOT NULL,
  created_ms    INTEGER NOT NULL,
  cancelled_ms  INTEGER
);
CREATE INDEX maintenances_end ON maintenances (end_ms);

-- One postmortem per incident; `document` holds the template's sections (summary, impact, whys, ...).
CREATE TABLE postmortems (
  id                INTEGER PRIMARY KEY,
  incident_id       INTEGER NOT NULL UNIQUE,
  status            text NOT NULL,          -- draft | in_review | final
  required          BOOLEAN NOT NULL,
  required_reasons  JSON NOT NULL DEFAULT '[]',
  title             text NOT NULL,
  document          JSON NOT NULL,
  services          JSON NOT NULL DEFAULT '[]',
  tags              JSON NOT NULL DEFAULT '[]',
  failure_modes     JSON NOT NULL DEFAULT '[]',
  created_ms        INTEGER NOT NULL,
  updated_ms        INTEGER NOT NULL,
  updated_by        text NOT NULL,
  version           integer NOT NULL DEFAULT 1
);

CREATE TABLE action_items (
  id                INTEGER PRIMARY KEY,
  postmortem_id     INTEGER NOT NULL,
  title             text NOT NULL,
  owner             text NOT NULL,          -- a Person, never a team
  team              text,                   -- the owner's team when known, for completion by team
  due_ms            INTEGER NOT NULL,
  priority          text NOT NULL,          -- P0..P3
  status            text NOT NULL,          -- open | in_progress | done | wont_do
  tracker_url       text,
  created_ms        INTEGER NOT NULL,
  created_by        text NOT NULL,
  completed_ms      INTEGER,
  overdue_notified  integer NOT NULL DEFAULT 0
);
CREATE INDEX action_items_postmortem ON action_items (postmortem_id);
CREATE INDEX action_items_due ON action_items (due_ms) WHERE status IN ('open', 'in_progress');
