-- A case in a state worked by another unit (a commune asked to verify, engine/unit-task.ts) carries
-- that task: the unit, role, deadline and the question asked. It is a member of the case like any
-- other, so the hash chain covers it (engine/audit/case-state.ts). The other unit's queue finds its
-- tasks by this index; the case's own unit keeps `unit`.
alter table cases add column task jsonb;
create index cases_task_unit on cases ((task ->> 'unit'), due_at) where task is not null;

-- Interconnected procedures (engine/linked.ts): a submission that also opened cases of linked
-- procedures lists them and their outcomes (`parts`); each of those names the case that opened it
-- (`parent`). Both are members of the case, covered by the chain like `task`.
alter table cases add column parts jsonb;
alter table cases add column parent jsonb;
