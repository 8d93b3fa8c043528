-- Search by citizen name, personal ID number, phone or case code, accents ignored ("Nguyen Van An"
-- finds "Nguyễn Văn An"), with PostgreSQL's own unaccent and full-text search, which PGlite ships too.
-- The searched text is derived from the code and the dossier (both bound to the hash chain) by an
-- index expression, not stored in a column: there is no second copy of the facts to tamper with.
create extension if not exists unaccent;
-- unaccent(text) is STABLE because its default dictionary could change; naming the dictionary makes
-- the result depend on the argument alone, as an index expression needs. Unaccent before lower():
-- lower() under the C locale leaves "Ễ" as it is, but its unaccented "E" lowers everywhere.
create function search_fold(t text) returns text language sql immutable strict parallel safe
  return lower(public.unaccent('public.unaccent'::regdictionary, t));
-- Every text value of the dossier (names, ID numbers, phones, wherever the procedure's form puts
-- them), after the case code.
create function case_search_text(code text, data jsonb) returns text language sql immutable strict parallel safe
  return search_fold(code || ' ' || jsonb_path_query_array(data, 'strict $.** ? (@.type() == "string")')::text);
-- Words, not trigrams: a name's common syllables ("ngu", "yen", "van") are in most dossiers, which
-- made a trigram index read long lists (90 ms a name at 1,000,000 cases); whole words are matched
-- as a phrase in ~10 ms. The 'simple' configuration keeps every word (no stemming, no stop words).
create index cases_search on cases using gin (to_tsvector('simple', case_search_text(code, data)));
