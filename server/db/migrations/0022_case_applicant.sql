-- The citizen a dossier is for (engine/applicant.ts): personal ID, name, how to reach them and in
-- which language. A member of the case like the dossier, so the hash chain covers it
-- (engine/audit/case-state.ts) and the verifier finds it edited in the database.
alter table cases add column applicant jsonb;
-- "My dossiers": a signed-in citizen's cases are found by their personal ID number, newest first.
create index cases_by_applicant on cases ((applicant ->> 'personalId'), received_at desc) where applicant is not null;
