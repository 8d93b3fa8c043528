-- Entries of the units' register books (Sổ hộ tịch): a number is used once per unit, procedure
-- and book. Written in the transaction of the action that records it (engine effect "register").
create table register_entries (
  unit text not null,
  register text not null,
  book text not null,
  entry text not null,
  province text not null,
  case_id text not null references cases (id),
  seq integer not null,
  at timestamptz not null,
  primary key (unit, register, book, entry)
);
create index register_entries_by_case on register_entries (case_id);
