-- Officials managed over HTTP (server/officials/admin.ts): when and why one was deactivated, shown
-- in the list; the change itself is a registry entry in the audit log. Names are searched without
-- accents, as cases are (search_fold of migration 0015).
alter table officials add column deactivated_at timestamptz;
alter table officials add column deactivation_reason text;
create index officials_unit on officials (unit, id);
