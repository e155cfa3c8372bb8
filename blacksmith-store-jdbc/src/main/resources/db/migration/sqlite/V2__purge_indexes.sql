-- Purge deletes events with their sub-events, jobs and transitions.

-- Sub-events of an event; most events have no parent, so the index holds only sub-events.
CREATE INDEX events_parent ON events (parent_event_id) WHERE parent_event_id IS NOT NULL;

-- Deleting an event checks the foreign key of transitions.event_id, which without this index
-- scans every transition for each event deleted.
CREATE INDEX transitions_event ON transitions (event_id);
