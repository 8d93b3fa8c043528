-- Core schema. Every case-related row carries its province code so the tables can later be
-- distributed by province (e.g. Citus) without a rewrite; hot queries filter by case id or unit.

create table units (
  code text primary key,
  name text not null,
  level text not null check (level in ('province', 'commune')),
  province text not null,
  -- set when the unit was merged into another (1 July 2025 reform): cases move to the successor
  successor text references units (code),
  merged_at timestamptz
);

create table officials (
  id text primary key,
  username text not null unique,
  password_hash text not null,
  full_name text not null,
  unit text not null references units (code),
  roles text[] not null,
  active boolean not null default true,
  created_at timestamptz not null default now()
);

create table official_certificates (
  fingerprint text primary key,
  official_id text not null references officials (id),
  pem text not null,
  subject text not null,
  not_after timestamptz not null,
  registered_at timestamptz not null,
  unregistered_at timestamptz
);
create index official_certificates_official on official_certificates (official_id);

-- Published procedure versions are immutable: no UPDATE path exists in the code.
create table procedure_versions (
  id text not null,
  version integer not null,
  definition jsonb not null,
  content_hash text not null,
  level text not null,
  published_at timestamptz not null,
  published_by text not null,
  primary key (id, version)
);

create table cases (
  id text primary key,
  code text not null unique,
  province text not null,
  unit text not null references units (code),
  original_unit text not null,
  procedure_id text not null,
  procedure_version integer not null,
  state text not null,
  owner_role text,
  channel text not null check (channel in ('online', 'counter')),
  version integer not null,
  seq integer not null,
  audit_head text not null,
  data jsonb not null,
  documents jsonb not null,
  received_at timestamptz not null,
  original_due_at timestamptz not null,
  due_at timestamptz not null,
  paused_at timestamptz,
  paused_working_days integer not null default 0,
  state_entered_at timestamptz not null,
  assignee text,
  closed_at timestamptz,
  outcome text,
  foreign key (procedure_id, procedure_version) references procedure_versions (id, version)
);
-- the inbox: open cases of a unit, by state and due date
create index cases_open_by_unit on cases (unit, state, due_at) where closed_at is null;

-- One row per committed action. (case_id, seq) is unique: two racing commits cannot both append.
create table audit_entries (
  case_id text not null references cases (id),
  seq integer not null,
  province text not null,
  unit text not null,
  actor_id text not null,
  action text not null,
  procedure text not null,
  at timestamptz not null,
  hash text not null,
  prev_hash text not null,
  entry jsonb not null,
  -- position in the global Merkle log, assigned by the sequencer after commit
  log_index bigint unique,
  primary key (case_id, seq)
);
create index audit_entries_unsequenced on audit_entries (at) where log_index is null;
create index audit_entries_by_actor on audit_entries (actor_id, at);
create index audit_entries_by_unit on audit_entries (unit, at);

create table idempotency_keys (
  principal text not null,
  key text not null,
  request_hash text not null,
  -- null while the first request is still running
  status integer,
  response jsonb,
  created_at timestamptz not null,
  primary key (principal, key)
);

-- Transactional outbox: messages to national systems are written with the action that causes them.
create table outbox (
  id text primary key,
  case_id text not null,
  province text not null,
  topic text not null,
  payload jsonb not null,
  created_at timestamptz not null,
  attempts integer not null default 0,
  delivered_at timestamptz,
  last_error text
);
create index outbox_pending on outbox (created_at) where delivered_at is null;

-- Who opened a case's personal data: the access itself is an audited fact.
create table case_views (
  case_id text not null,
  province text not null,
  official_id text not null,
  at timestamptz not null
);
create index case_views_by_case on case_views (case_id, at);
