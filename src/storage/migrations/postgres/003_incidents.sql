-- Incidents, their append-only timeline and public status updates; the status page's overrides and
-- maintenance; postmortems and their action items.

-- An incident: declared by a person or by paging policy. Milestones are set once, when first reached.
CREATE TABLE incidents (
  id                    bigserial PRIMARY KEY,
  title                 text NOT NULL,
  severity              text NOT NULL,              -- SEV1..SEV4
  status                text NOT NULL,              -- investigating | identified | monitoring | resolved
  summary               text NOT NULL DEFAULT '',
  services              jsonb NOT NULL DEFAULT '[]', -- affected services, as declared or added
  blast_radius          jsonb NOT NULL DEFAULT '[]', -- services depending on an affected one, transitively
  -- Roles: {"commander": "alice", "communications": "bob", "operations": ..., "scribe": ..., "sme": ["carol"]}.
  roles                 jsonb NOT NULL DEFAULT '{}',
  -- Shown on the public status page (under public_title, with public updates only) when true.
  public                boolean NOT NULL DEFAULT true,
  public_title          text,
  data_loss             boolean NOT NULL DEFAULT false,
  tags                  jsonb NOT NULL DEFAULT '[]',
  declared_by           text NOT NULL,
  -- Onset of impact (first linked alert's start, or as declared): MTTD is detected - started.
  started_ms            bigint NOT NULL,
  -- Detection: when the first alert or person noticed (an auto-declared incident's page creation).
  detected_ms           bigint NOT NULL,
  declared_ms           bigint NOT NULL,
  acknowledged_ms       bigint,
  identified_ms         bigint,
  mitigated_ms          bigint,
  resolved_ms           bigint,
  -- Communication cadence timers (null when no update is owed).
  update_remind_ms      bigint,
  update_due_ms         bigint,
  last_update_ms        bigint,
  cadence_round         integer NOT NULL DEFAULT 0
);
CREATE INDEX incidents_open ON incidents (status) WHERE status <> 'resolved';
CREATE INDEX incidents_declared ON incidents (declared_ms);
CREATE INDEX incidents_cadence ON incidents (update_remind_ms) WHERE update_remind_ms IS NOT NULL;

-- The append-only timeline: rows are inserted, never updated or deleted. A correction is a new event
-- whose `corrects` names the event it corrects.
CREATE TABLE incident_events (
  id           bigserial PRIMARY KEY,
  incident_id  bigint NOT NULL,
  at_ms        bigint NOT NULL,
  kind         text NOT NULL,
  actor        text NOT NULL,
  details      jsonb NOT NULL DEFAULT '{}',
  corrects     bigint
);
CREATE INDEX incident_events_incident ON incident_events (incident_id, id);

-- Updates posted for the incident's audience; only `public` ones ever reach the status page.
CREATE TABLE status_updates (
  id           bigserial PRIMARY KEY,
  incident_id  bigint NOT NULL,
  at_ms        bigint NOT NULL,
  status       text NOT NULL,                -- investigating | identified | monitoring | resolved
  message      text NOT NULL,
  public       boolean NOT NULL DEFAULT true,
  posted_by    text NOT NULL,
  -- When the update was owed (null if none was) and whether it came by then.
  due_ms       bigint,
  on_time      boolean
);
CREATE INDEX status_updates_incident ON status_updates (incident_id, at_ms);
CREATE INDEX status_updates_at ON status_updates (at_ms);

-- A page that declared or joined an incident.
ALTER TABLE pages ADD COLUMN incident_id bigint;
CREATE INDEX pages_incident ON pages (incident_id) WHERE incident_id IS NOT NULL;

-- Notifications about an incident (cadence reminders) or an action item (overdue), besides pages.
ALTER TABLE deliveries ADD COLUMN incident_id bigint;
ALTER TABLE deliveries ADD COLUMN action_item_id bigint;
CREATE INDEX deliveries_incident ON deliveries (incident_id) WHERE incident_id IS NOT NULL;

-- A manual status for a status-page component, until cleared or until `until_ms`.
CREATE TABLE component_overrides (
  component   text PRIMARY KEY,
  status      text NOT NULL,
  reason      text NOT NULL DEFAULT '',
  set_by      text NOT NULL,
  set_ms      bigint NOT NULL,
  until_ms    bigint
);

-- Scheduled maintenance shown on the status page and left out of uptime.
CREATE TABLE maintenances (
  id            bigserial PRIMARY KEY,
  title         text NOT NULL,
  description   text NOT NULL DEFAULT '',
  components    jsonb NOT NULL,
  start_ms      bigint NOT NULL,
  end_ms        bigint NOT NULL,
  created_by    text NOT NULL,
  created_ms    bigint NOT NULL,
  cancelled_ms  bigint
);
CREATE INDEX maintenances_end ON maintenances (end_ms);

-- One postmortem per incident; `document` holds the template's sections (summary, impact, whys, ...).
CREATE TABLE postmortems (
  id                bigserial PRIMARY KEY,
  incident_id       bigint NOT NULL UNIQUE,
  status            text NOT NULL,          -- draft | in_review | final
  required          boolean NOT NULL,
  required_reasons  jsonb NOT NULL DEFAULT '[]',
  title             text NOT NULL,
  document          jsonb NOT NULL,
  services          jsonb NOT NULL DEFAULT '[]',
  tags              jsonb NOT NULL DEFAULT '[]',
  failure_modes     jsonb NOT NULL DEFAULT '[]',
  created_ms        bigint NOT NULL,
  updated_ms        bigint NOT NULL,
  updated_by        text NOT NULL,
  version           integer NOT NULL DEFAULT 1
);

CREATE TABLE action_items (
  id                bigserial PRIMARY KEY,
  postmortem_id     bigint NOT NULL,
  title             text NOT NULL,
  owner             text NOT NULL,          -- a Person, never a team
  team              text,                   -- the owner's team when known, for completion by team
  due_ms            bigint NOT NULL,
  priority          text NOT NULL,          -- P0..P3
  status            text NOT NULL,          -- open | in_progress | done | wont_do
  tracker_url       text,
  created_ms        bigint NOT NULL,
  created_by        text NOT NULL,
  completed_ms      bigint,
  overdue_notified  integer NOT NULL DEFAULT 0
);
CREATE INDEX action_items_postmortem ON action_items (postmortem_id);
CREATE INDEX action_items_due ON action_items (due_ms) WHERE status IN ('open', 'in_progress');
