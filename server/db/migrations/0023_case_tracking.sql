-- The citizen's tracking secret (server/cases/tracking-secret.ts): only its salted SHA-256 is kept,
-- beside the case rather than in it, so it is no member of the case's chain (a credential, not a
-- fact of the dossier) and a new one can be issued without a step. Written in intake's statement.
create table case_tracking (
  case_id text primary key references cases (id),
  province text not null,
  secret_hash text not null,
  issued_at timestamptz not null
);
