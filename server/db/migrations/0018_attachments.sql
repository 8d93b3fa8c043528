-- Scanned papers uploaded at the counter (server/attachments/). The bytes are on disk under
-- DATA_DIR/attachments, named by their SHA-256; a row says which unit received them, so a case of
-- another unit cannot bind (and then serve) a file it never received. The same file received by
-- two units is one file and two rows; received twice by one unit, one row (the first upload's).
-- A row no case references is kept (a later sweep may remove it): a case refers to its documents
-- by hash only, inside its chain, so nothing here may be deleted while a case names it.
create table attachments (
  sha256 text not null,
  unit text not null references units (code),
  province text not null,
  media_type text not null,
  size bigint not null,
  name text not null,
  uploaded_by text not null,
  uploaded_at timestamptz not null,
  primary key (sha256, unit)
);
