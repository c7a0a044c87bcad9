-- Titles are listed in pinyin order (两宋… before 人间…), not by code point.
-- `folio_sort_key` is search::sort_key, registered on every connection Folio
-- opens; new and edited titles get their key when they are indexed. Migrations
-- are never edited once released, so this one uses the live function: should
-- sort_key's order ever change, a later migration recomputes title_sort.
ALTER TABLE titles ADD COLUMN title_sort TEXT NOT NULL DEFAULT '';

UPDATE titles SET title_sort = folio_sort_key(title);

DROP INDEX titles_title_order;
CREATE INDEX titles_title_order ON titles (title_sort, title, isbn, list_price_fen);
