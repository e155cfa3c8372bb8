-- Blacksmith wanderer, PostgreSQL. Created in the wanderer's schema (blacksmith_wanderer unless the
-- URL's schema option names another), which Flyway puts first on the search path; Flyway keeps this
-- history in that schema's wanderer_schema_history.
-- Instants are timestamptz (microseconds), errors jsonb, statuses their values ('executing(up)').

-- One row per migration of a scope: what identifies it, and its latest transition (its status).
CREATE TABLE migrations (
  id              text        NOT NULL PRIMARY KEY,
  scope           text        NOT NULL,
  version         text        NOT NULL,
  name            text        NOT NULL,
  checksum        text        NOT NULL,
  created_at      timestamptz NOT NULL,
  status          text        NOT NULL CHECK (status IN ('acknowledged', 'executing(up)',
                                                         'executing(down)', 'succeeded(up)',
                                                         'succeeded(down)', 'failed(up)',
                                                         'failed(down)', 'discarded')),
  transition_id   text        NOT NULL,
  state_before    text,
  error           jsonb,
  transitioned_at timestamptz NOT NULL,
  UNIQUE (scope, version)
);

CREATE INDEX migrations_version ON migrations (version, scope);

-- The append-only history of every migration. seq is the order of appends: a migration's
-- transitions are written by transactions that hold its row in turn, so they are numbered in order.
CREATE TABLE transitions (
  id           text        NOT NULL PRIMARY KEY,
  seq          bigint      GENERATED ALWAYS AS IDENTITY,
  migration_id text        NOT NULL REFERENCES migrations (id),
  state_before text,
  state_after  text        NOT NULL,
  error        jsonb,
  created_at   timestamptz NOT NULL
);

CREATE INDEX transitions_migration ON transitions (migration_id, seq);

CREATE FUNCTION transitions_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'wanderer transitions are append-only';
END;
$$;

CREATE TRIGGER transitions_are_append_only BEFORE UPDATE OR DELETE ON transitions
  FOR EACH STATEMENT EXECUTE FUNCTION transitions_are_append_only();
