-- Units managed over HTTP (server/units/admin.ts): what kind of unit it is (a commune, a ward, a
-- special zone, or an agency such as the police or social insurance office that owns parts of
-- interconnected procedures), from when it exists, and when and why it was dissolved. Each change
-- is a registry entry of the unit's stream in the audit log; an import is one entry of its province.
alter table units add column kind text not null default 'commune';
update units set kind = case when level = 'province' then 'province' when code like '%-cong-an' or code like '%-bhxh' then 'agency' else 'commune' end;
alter table units add constraint units_kind_check check (kind in ('province', 'commune', 'ward', 'special-zone', 'agency'));
-- The two-level split stays in `level` (jurisdiction rules read it); kind only says which of a level.
alter table units add constraint units_kind_level check ((kind = 'province') = (level = 'province'));
alter table units add column effective_from date;
alter table units add column dissolved_at timestamptz;
alter table units add column dissolution_reason text;
