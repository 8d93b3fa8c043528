-- A provincial auditor's search ("the latest entries in my province") named every commune of the
-- province in `unit = any(...)`: no index serves that order, so PostgreSQL read and sorted the
-- province's whole history (a sequential scan of audit_entries; bench/reads.ts). With the
-- province in the index the newest entries come first and the unit list is only a filter.
create index audit_entries_by_province on audit_entries (province, at);
