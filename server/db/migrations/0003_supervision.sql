-- Supervision: apology notices, queue holds, deadline marks for the scheduler, claims that let
-- several scheduler processes share one database, unit merges, and the statistics indexes.

-- The latest apology notice (reason, new appointment, the deadline missed) and the late flag.
alter table cases add column apology jsonb;
alter table cases add column late boolean not null default false;
-- The role queue the assignee holds the case in (engine/reassign.ts).
alter table cases add column assignee_role text;

-- The deadline notice last sent for an open case ('due-soon' | 'overdue'). The status itself is
-- derived from due_at at query time; this column only remembers which notice went out, so each
-- crossing of a threshold is announced once (and again after an apology moves the date).
alter table cases add column deadline_mark text check (deadline_mark in ('due-soon', 'overdue'));
alter table cases add column deadline_marked_at timestamptz;

-- One row per notice sent: what the scheduler told the unit's queue (and its leaders).
create table deadline_notices (
  id bigint generated always as identity primary key,
  case_id text not null references cases (id),
  province text not null,
  unit text not null,
  owner_role text,
  assignee text,
  kind text not null check (kind in ('due-soon', 'overdue')),
  due_at timestamptz not null,
  at timestamptz not null
);
create index deadline_notices_by_unit on deadline_notices (unit, at);

-- A scheduler process claims a due timeout here before firing it through the case service, so
-- a second process skips it; a claim expires if its process dies. The case's version check
-- still makes a lost race harmless: one commit wins, the other is a version conflict.
create table timer_claims (
  case_id text primary key references cases (id),
  province text not null,
  claimed_by text not null,
  claimed_until timestamptz not null
);

-- Who merged which unit into which, and what moved (units.successor/merged_at say the same for lookups).
create table unit_merges (
  unit text primary key references units (code),
  successor text not null references units (code),
  province text not null,
  merged_at timestamptz not null,
  merged_by text not null,
  open_cases_moved integer not null,
  officials_moved integer not null
);

-- Open cases by due date (deadline marks) and by state entry (declared timeouts).
create index cases_open_due on cases (due_at) where closed_at is null;
create index cases_marked on cases (deadline_mark) where closed_at is null and deadline_mark is not null;
create index cases_open_state_entered on cases (procedure_id, state, state_entered_at) where closed_at is null;
-- A departing official's open cases.
create index cases_open_assignee on cases (assignee) where closed_at is null and assignee is not null;
-- Predecessors of a unit (visibility of closed cases after a merge).
create index units_successor on units (successor) where successor is not null;

-- Statistics: covering indexes, so a province + procedure + period (or a unit + period) is an
-- index-only scan over exactly the cases counted (bench/statistics.ts shows the plan).
create index cases_stats_province on cases (province, procedure_id, received_at)
  include (channel, outcome, closed_at, due_at, paused_at, late, unit);
create index cases_stats_unit on cases (unit, received_at)
  include (procedure_id, channel, outcome, closed_at, due_at, paused_at, late);
