-- A case in a state worked by another unit (a commune asked to verify, engine/unit-task.ts) carries
-- that task: the unit, role, deadline and the question asked. It is a member of the case like any
-- other, so the hash chain covers it (engine/audit/case-state.ts). The other unit's queue finds its
-- tasks by this index; the case's own unit keeps `unit`.
alter table cases add column task jsonb;
create index cases_task_unit on cases ((task ->> 'unit'), due_at) where task is not null;
