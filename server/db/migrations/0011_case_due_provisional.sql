-- A due date computed past the calendar's announced holiday schedule (statutory holidays only)
-- is provisional: it may move when the government announces that year's days off. The engine
-- records it when it sets the due date (CaseState.dueProvisional), so a later calendar file does
-- not rewrite how an appointment was made; the partial index lists the open ones to re-check
-- once the announcement is in the file.
alter table cases add column due_provisional boolean not null default false;
create index cases_due_provisional_open on cases (unit, due_at) where due_provisional and closed_at is null;
-- Due dates set before this migration after the end of the calendar then shipped (2026-12-31,
-- which knew weekends only past it) were computed past its announced data: mark them, so the
-- inbox's provisional filter finds the ones to re-check (one may even fall on 1 January 2027).
update cases set due_provisional = true where due_at >= timestamptz '2027-01-01 00:00:00+07';
