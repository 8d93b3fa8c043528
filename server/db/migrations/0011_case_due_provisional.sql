-- A due date computed past the calendar's announced holiday schedule (statutory holidays only)
-- is provisional: it may move when the government announces that year's days off. The engine
-- records it when it sets the due date (CaseState.dueProvisional), so a later calendar file does
-- not rewrite how an appointment was made; the partial index lists the open ones to re-check
-- once the announcement is in the file.
alter table cases add column due_provisional boolean not null default false;
create index cases_due_provisional_open on cases (unit, due_at) where due_provisional and closed_at is null;
