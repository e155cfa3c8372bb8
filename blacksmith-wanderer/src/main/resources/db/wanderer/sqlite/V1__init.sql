-- Blacksmith wanderer, SQLite. By default in the store's own file, so every table is prefixed
-- with wanderer_ and Flyway keeps this history in wanderer_schema_history, apart from the store's.
-- Instants are epoch microseconds (INTEGER), statuses are their values, such as 'executing(up)'.

-- One row per migration of a scope: what identifies it, and its latest transition (its status).
CREATE TABLE wanderer_migrations (
  id              TEXT    NOT NULL PRIMARY KEY,
  scope           TEXT    NOT NULL,
  version         TEXT    NOT NULL,
  name            TEXT    NOT NULL,
  checksum        TEXT    NOT NULL,
  created_at      INTEGER NOT NULL,
  status          TEXT    NOT NULL CHECK (status IN ('acknowledged', 'executing(up)',
                                                     'executing(down)', 'succeeded(up)',
                                                     'succeeded(down)', 'failed(up)',
                                                     'failed(down)', 'discarded')),
  transition_id   TEXT    NOT NULL,
  state_before    TEXT,
  error           TEXT,
  transitioned_at INTEGER NOT NULL,
  UNIQUE (scope, version)
);

CREATE INDEX wanderer_migrations_version ON wanderer_migrations (version, scope);

-- The append-only history of every migration. seq is the order of appends.
CREATE TABLE wanderer_transitions (
  seq          INTEGER NOT NULL PRIMARY KEY,
  id           TEXT    NOT NULL UNIQUE,
  migration_id TEXT    NOT NULL REFERENCES wanderer_migrations (id),
  state_before TEXT,
  state_after  TEXT    NOT NULL,
  error        TEXT,
  created_at   INTEGER NOT NULL
);

CREATE INDEX wanderer_transitions_migration ON wanderer_transitions (migration_id, seq);

CREATE TRIGGER wanderer_transitions_are_append_only BEFORE UPDATE ON wanderer_transitions
BEGIN
  SELECT RAISE(ABORT, 'wanderer transitions are append-only');
END;

CREATE TRIGGER wanderer_transitions_are_kept BEFORE DELETE ON wanderer_transitions
BEGIN
  SELECT RAISE(ABORT, 'wanderer transitions are append-only');
END;
