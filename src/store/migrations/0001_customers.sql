-- Folio schema 1: settings, sequences, the audit trail and customers.
-- Migrations are forward-only: never edit a released file, add the next one.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Named counters for generated numbers (customer codes now, document numbers later).
CREATE TABLE sequences (
    name       TEXT PRIMARY KEY,
    next_value INTEGER NOT NULL
);

-- One row per user action that wrote something; see Store::write.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER
);

CREATE TABLE customers (
    id                 INTEGER PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE COLLATE NOCASE,
    -- The code with its digit runs zero-padded, so the list sorts C999 before C1000.
    code_sort          TEXT NOT NULL,
    name               TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    kind               TEXT NOT NULL CHECK (kind IN ('bookshop', 'school', 'library', 'company', 'distributor', 'individual')),
    address            TEXT NOT NULL DEFAULT '',
    region             TEXT NOT NULL DEFAULT '',
    tax_id             TEXT NOT NULL DEFAULT '',
    -- Share of list price paid, in basis points: 6.5折 = 6500.
    discount_bp        INTEGER NOT NULL DEFAULT 10000 CHECK (discount_bp BETWEEN 100 AND 10000),
    -- NULL means no limit; 0 means nothing on account.
    credit_limit_fen   INTEGER CHECK (credit_limit_fen IS NULL OR credit_limit_fen >= 0),
    payment_terms_days INTEGER NOT NULL DEFAULT 0 CHECK (payment_terms_days BETWEEN 0 AND 3650),
    settlement         TEXT NOT NULL DEFAULT 'firm' CHECK (settlement IN ('firm', 'sale_or_return', 'consignment')),
    tags               TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
    notes              TEXT NOT NULL DEFAULT '',
    birthday           TEXT,
    status             TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX customers_status_code ON customers (status, code_sort);
CREATE INDEX customers_code_sort ON customers (code_sort);

CREATE TABLE customer_contacts (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    role        TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    wechat      TEXT NOT NULL DEFAULT '',
    UNIQUE (customer_id, position)
);

-- Search keys: normalised code, name, name words, pinyin initials and full pinyin
-- (every reading of polyphonic characters), contact names and phone digits.
-- Prefix search walks the (key) index; substring search of three or more characters
-- goes through the trigram index below; one or two Chinese characters through
-- customer_grams, which a trigram index cannot serve.
CREATE TABLE customer_keys (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    kind        INTEGER NOT NULL,
    key         TEXT NOT NULL
);
CREATE INDEX customer_keys_key ON customer_keys (key);
CREATE INDEX customer_keys_customer ON customer_keys (customer_id);

CREATE VIRTUAL TABLE customer_keys_fts USING fts5 (
    key,
    content = 'customer_keys',
    content_rowid = 'id',
    tokenize = 'trigram'
);
CREATE TRIGGER customer_keys_ai AFTER INSERT ON customer_keys BEGIN
    INSERT INTO customer_keys_fts (rowid, key) VALUES (new.id, new.key);
END;
CREATE TRIGGER customer_keys_ad AFTER DELETE ON customer_keys BEGIN
    INSERT INTO customer_keys_fts (customer_keys_fts, rowid, key) VALUES ('delete', old.id, old.key);
END;

CREATE TABLE customer_grams (
    gram        TEXT NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    PRIMARY KEY (gram, customer_id)
) WITHOUT ROWID;
CREATE INDEX customer_grams_customer ON customer_grams (customer_id);
