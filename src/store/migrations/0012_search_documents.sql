-- Schema 12: one search document per customer and per title.
--
-- The trigram index held a row for every search key (about ten a customer:
-- code, name, each reading's initials and pinyin, contacts, phones), each with
-- its own entry in the index's tables, and the one- and two-character grams were
-- a table of a row each, with two B-trees. An import of 100,000 customers spent
-- most of its time there. Now each record has one row in each index, whose rowid
-- is the record's id:
--
--   {p}_text   its keys joined by spaces, trigram-indexed. Keys are normalised
--              (letters and digits only), so a query never holds a space and no
--              trigram that crosses from one key into the next can match it.
--   {p}_chars  its grams joined by spaces, each a token (unicode61), with no
--              positions kept (detail = none): a query of one or two Chinese
--              characters is one token.
--
-- Both are contentless: the keys stay in {p}_keys, which still serves prefix
-- search and says what a record was indexed by. contentless_delete lets a
-- record's row be deleted by its rowid when the record changes.
--
-- While the rows go in, each index is given a 16 MB hash (FTS5 writes a segment
-- each time its hash fills; 1 MB is its default), which is then put back: set to
-- the default, so the connection reads it anew, and the setting removed.

DROP TRIGGER customer_keys_ai;
DROP TRIGGER customer_keys_ad;
DROP TABLE customer_keys_fts;
CREATE VIRTUAL TABLE customer_text USING fts5 (
    keys,
    content = '',
    contentless_delete = 1,
    tokenize = 'trigram'
);
INSERT INTO customer_text (customer_text, rank) VALUES ('hashsize', 16777216);
INSERT INTO customer_text (rowid, keys)
    SELECT customer_id, group_concat(key, ' ') FROM customer_keys
    GROUP BY customer_id ORDER BY customer_id;
CREATE VIRTUAL TABLE customer_chars USING fts5 (
    grams,
    content = '',
    contentless_delete = 1,
    detail = none,
    tokenize = 'unicode61'
);
INSERT INTO customer_chars (customer_chars, rank) VALUES ('hashsize', 16777216);
INSERT INTO customer_chars (rowid, grams)
    SELECT customer_id, group_concat(gram, ' ') FROM customer_grams
    GROUP BY customer_id ORDER BY customer_id;
DROP TABLE customer_grams;
INSERT INTO customer_text (customer_text, rank) VALUES ('hashsize', 1048576);
INSERT INTO customer_chars (customer_chars, rank) VALUES ('hashsize', 1048576);
DELETE FROM customer_text_config WHERE k = 'hashsize';
DELETE FROM customer_chars_config WHERE k = 'hashsize';

DROP TRIGGER title_keys_ai;
DROP TRIGGER title_keys_ad;
DROP TABLE title_keys_fts;
CREATE VIRTUAL TABLE title_text USING fts5 (
    keys,
    content = '',
    contentless_delete = 1,
    tokenize = 'trigram'
);
INSERT INTO title_text (title_text, rank) VALUES ('hashsize', 16777216);
INSERT INTO title_text (rowid, keys)
    SELECT title_id, group_concat(key, ' ') FROM title_keys
    GROUP BY title_id ORDER BY title_id;
CREATE VIRTUAL TABLE title_chars USING fts5 (
    grams,
    content = '',
    contentless_delete = 1,
    detail = none,
    tokenize = 'unicode61'
);
INSERT INTO title_chars (title_chars, rank) VALUES ('hashsize', 16777216);
INSERT INTO title_chars (rowid, grams)
    SELECT title_id, group_concat(gram, ' ') FROM title_grams
    GROUP BY title_id ORDER BY title_id;
DROP TABLE title_grams;
INSERT INTO title_text (title_text, rank) VALUES ('hashsize', 1048576);
INSERT INTO title_chars (title_chars, rank) VALUES ('hashsize', 1048576);
DELETE FROM title_text_config WHERE k = 'hashsize';
DELETE FROM title_chars_config WHERE k = 'hashsize';
