-- Blacksmith store, PostgreSQL. Created in the store's schema (blacksmith_store unless the URL's
-- schema option names another), which Flyway puts first on the search path.
-- Instants are timestamptz (microseconds, as the store keeps them); contexts, data and errors are
-- jsonb; statuses are lowercase text.

CREATE TABLE events (
  id              text        NOT NULL PRIMARY KEY,
  source          text        NOT NULL,
  trigger_name    text        NOT NULL,
  version         text,
  context         jsonb       NOT NULL,
  data            jsonb       NOT NULL,
  sent_at         timestamptz,
  received_at     timestamptz NOT NULL,
  ingested_at     timestamptz NOT NULL,
  parent_event_id text
);

CREATE INDEX events_received_at ON events (received_at);
-- Sub-events of an event, for purges; only sub-events are in it.
CREATE INDEX events_parent ON events (parent_event_id) WHERE parent_event_id IS NOT NULL;

-- The current state of each job: a projection of its latest transition plus when it may be
-- claimed. next_at is the due time when acknowledged or failed, the lease end when awaiting or
-- executing (so an expired lease makes the job claimable), and NULL once final.
CREATE TABLE jobs (
  id              text        NOT NULL PRIMARY KEY,
  event_id        text        NOT NULL REFERENCES events (id),
  parent_job_id   text,
  destination     text        NOT NULL,
  action          text        NOT NULL,
  version         text,
  context         jsonb       NOT NULL,
  data            jsonb       NOT NULL,
  created_at      timestamptz NOT NULL,
  status          text        NOT NULL CHECK (status IN ('acknowledged', 'awaiting', 'executing',
                                                         'succeeded', 'failed', 'discarded',
                                                         'unknown')),
  attempt         integer     NOT NULL CHECK (attempt >= 0),
  transition_id   text        NOT NULL,
  state_before    text,
  error           jsonb,
  transitioned_at timestamptz NOT NULL,
  next_at         timestamptz,
  lease_owner     text,
  lease_until     timestamptz
);

-- Claimable jobs of an action, oldest first; final jobs are not in it.
CREATE INDEX jobs_claimable ON jobs (destination, action, next_at) WHERE next_at IS NOT NULL;
CREATE INDEX jobs_event ON jobs (event_id);
-- Only leased jobs are in it, so it stays small; used by release at shutdown.
CREATE INDEX jobs_lease_owner ON jobs (lease_owner) WHERE lease_owner IS NOT NULL;

-- The append-only history of every job. seq is the order of appends: a job's transitions are
-- written by transactions that hold its row in turn, so they are numbered in order.
-- No foreign keys: the store writes each transition from the job row it has just written, in the
-- same statement, and purges delete transitions before their jobs; a foreign key would only add
-- a check per row, a quarter of the cost of a batched claim.
CREATE TABLE transitions (
  id           text        NOT NULL PRIMARY KEY,
  seq          bigint      GENERATED ALWAYS AS IDENTITY,
  attempt      integer     NOT NULL,
  state_before text,
  state_after  text        NOT NULL,
  error        jsonb,
  created_at   timestamptz NOT NULL,
  event_id     text        NOT NULL,
  job_id       text        NOT NULL
);

CREATE INDEX transitions_job ON transitions (job_id, seq);

CREATE FUNCTION transitions_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'transitions are append-only';
END;
$$;

CREATE TRIGGER transitions_are_append_only BEFORE UPDATE ON transitions
  FOR EACH STATEMENT EXECUTE FUNCTION transitions_are_append_only();
