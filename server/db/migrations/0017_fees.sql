-- Fees (engine/fee.ts, engine/payment.ts): the fee computed at intake, its exemption and, once
-- paid, the payment and its receipt number are one member of the case (`fee`), covered by the hash
-- chain like every other (engine/audit/case-state.ts).
alter table cases add column fee jsonb;

-- The figures statistics sum, as plain columns that follow from `fee` (the amount due, and the same
-- amount once paid), so the covering indexes below keep GET /statistics an index-only scan. The
-- verifier checks they follow from the fee the chain rebuilds (engine/audit/verify-case-row.ts),
-- as it does owner_role.
alter table cases add column fee_due bigint;
alter table cases add column fee_collected bigint;

drop index cases_stats_province;
create index cases_stats_province on cases (province, procedure_id, received_at)
  include (channel, outcome, closed_at, due_at, paused_at, late, unit, fee_due, fee_collected);
drop index cases_stats_unit;
create index cases_stats_unit on cases (unit, received_at)
  include (procedure_id, channel, outcome, closed_at, due_at, paused_at, late, fee_due, fee_collected);

-- Receipt numbers: one counter row per unit and year, taken in the payment's transaction, so the
-- numbers of a unit's year are unique and gap-free (a rolled-back payment gives its number back).
create table receipt_counters (
  unit text not null,
  year integer not null,
  last integer not null,
  primary key (unit, year)
);
