-- The record proves the dossier and every read of it (engine/audit/case-state.ts, server/audit/reads.ts).

-- The line a dossier holds in its register book, part of the case the chain commits to (its public
-- facts may show it). register_entries stays the unit-wide index that keeps a number used once.
alter table cases add column register jsonb;

-- Reads of personal data are sealed registry records now, in the Merkle log like every other
-- record ("read:<id>" streams). The unsealed case_views rows could be edited or deleted without a
-- trace; nothing was released with them, so they are dropped rather than converted.
drop table case_views;

-- Who read a case: the read records that name it, found through the sealed record itself, so no
-- separate index table can be edited to hide a read.
create index registry_entries_reads on registry_entries using gin ((entry -> 'data' -> 'cases') jsonb_path_ops) where entry ->> 'action' = 'read';
