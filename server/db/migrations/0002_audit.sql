-- Tamper evidence: the server's seal on every chained record, the global Merkle log, its signed
-- checkpoints, and the registry streams (procedure publications, officials' roles and certificates).

alter table audit_entries add column seal text;

create table registry_entries (
  stream text not null,
  seq integer not null,
  province text,
  actor_id text not null,
  action text not null,
  at timestamptz not null,
  hash text not null,
  prev_hash text not null,
  entry jsonb not null,
  seal text not null,
  log_index bigint unique,
  primary key (stream, seq)
);
create index registry_entries_unsequenced on registry_entries (at) where log_index is null;

-- Leaves of the global log in order. leaf_hash is hex SHA-256(0x00 || leaf data) per RFC 9162.
create table log_leaves (
  idx bigint primary key,
  stream text not null,
  seq integer not null,
  leaf_hash text not null,
  unique (stream, seq)
);

create table log_checkpoints (
  size bigint primary key,
  root_hash text not null,
  note text not null,
  created_at timestamptz not null
);
