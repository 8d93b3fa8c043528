-- Facts of a case that procedures now declare as data (engine/rounds.ts, engine/extension.ts):
-- how many times each round-limited action was taken (e.g. supplement requests), and the lawful
-- extensions of the due date with their reasons. Both are fields of CaseState, so the audit chain
-- commits to them like every other column (engine/audit/case-state.ts).
alter table cases add column rounds jsonb;
alter table cases add column extensions jsonb;
