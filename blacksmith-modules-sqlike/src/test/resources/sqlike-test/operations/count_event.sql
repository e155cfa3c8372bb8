-- Counts one event per kind; the queue's jobs commit together.
insert into counts (kind, n) values (:kind, 1)
on conflict (kind) do update set n = counts.n + 1;
