-- When each procedure version takes effect for new dossiers: the later of its publication and the
-- start (in the calendar's time zone) of its declared effectiveFrom date. Intake uses the highest
-- version in force at the moment of receipt; running cases keep the version they started with.
alter table procedure_versions add column in_force_from timestamptz;
update procedure_versions set in_force_from = published_at;
alter table procedure_versions alter column in_force_from set not null;
