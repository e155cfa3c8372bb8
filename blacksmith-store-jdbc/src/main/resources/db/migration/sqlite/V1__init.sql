-- Blacksmith store, SQLite. Instants are epoch microseconds (INTEGER), statuses lowercase text.

CREATE TABLE events (
  id              TEXT    NOT NULL PRIMARY KEY,
  source          TEXT    NOT NULL,
  trigger_name    TEXT    NOT NULL,
  version         TEXT,
  context         TEXT    NOT NULL,
  data            TEXT    NOT NULL,
  sent_at         INTEGER,
  received_at     INTEGER NOT NULL,
  ingested_at     INTEGER NOT NULL,
  parent_event_id TEXT
);

CREATE INDEX events_received_at ON events (received_at);

-- The current state of each job: a projection of its latest transition plus when it may be
-- claimed. next_at is the due time when acknowledged or failed, the lease end when awaiting or
-- executing (so an expired lease makes the job claimable), and NULL once final.
CREATE TABLE jobs (
  id              TEXT    NOT NULL PRIMARY KEY,
  event_id        TEXT    NOT NULL REFERENCES events (id),
  parent_job_id   TEXT,
  destination     TEXT    NOT NULL,
  action          TEXT    NOT NULL,
  version         TEXT,
  context         TEXT    NOT NULL,
  data            TEXT    NOT NULL,
  created_at      INTEGER NOT NULL,
  status          TEXT    NOT NULL CHECK (status IN ('acknowledged', 'awaiting', 'executing',
                                                     'succeeded', 'failed', 'discarded', 'unknown')),
  attempt         INTEGER NOT NULL CHECK (attempt >= 0),
  transition_id   TEXT    NOT NULL,
  state_before    TEXT,
  error           TEXT,
  transitioned_at INTEGER NOT NULL,
  next_at         INTEGER,
  lease_owner     TEXT,
  lease_until     INTEGER
);

-- Claimable jobs of an action, oldest first.
CREATE INDEX jobs_claimable ON jobs (destination, action, next_at) WHERE next_at IS NOT NULL;
CREATE INDEX jobs_event ON jobs (event_id);
-- Only leased jobs are in it, so it stays small; used by release at shutdown.
CREATE INDEX jobs_lease_owner ON jobs (lease_owner) WHERE lease_owner IS NOT NULL;

-- The append-only history of every job. seq is the order of appends, whatever the clocks said.
CREATE TABLE transitions (
  seq          INTEGER NOT NULL PRIMARY KEY,
  id           TEXT    NOT NULL UNIQUE,
  attempt      INTEGER NOT NULL,
  state_before TEXT,
  state_after  TEXT    NOT NULL,
  error        TEXT,
  created_at   INTEGER NOT NULL,
  event_id     TEXT    NOT NULL REFERENCES events (id),
  job_id       TEXT    NOT NULL REFERENCES jobs (id)
);

CREATE INDEX transitions_job ON transitions (job_id, seq);

CREATE TRIGGER transitions_are_append_only BEFORE UPDATE ON transitions
BEGIN
  SELECT RAISE(ABORT, 'transitions are append-only');
END;
