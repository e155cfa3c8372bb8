create table counts (
  kind text primary key,
  n    integer not null
);
