-- Folio schema 2: suppliers, titles (stock items) and the stock ledger.

CREATE TABLE suppliers (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 100),
    contact             TEXT NOT NULL DEFAULT '',
    phone               TEXT NOT NULL DEFAULT '',
    email               TEXT NOT NULL DEFAULT '',
    -- Share of list price we pay, in basis points.
    default_discount_bp INTEGER NOT NULL DEFAULT 6000 CHECK (default_discount_bp BETWEEN 100 AND 10000),
    payment_terms_days  INTEGER NOT NULL DEFAULT 0 CHECK (payment_terms_days BETWEEN 0 AND 3650),
    notes               TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);

-- A stock item: one ISBN at one list price. A reprint at a new price is another row.
CREATE TABLE titles (
    id              INTEGER PRIMARY KEY,
    isbn            TEXT NOT NULL CHECK (length(isbn) = 13),
    list_price_fen  INTEGER NOT NULL CHECK (list_price_fen > 0),
    title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    subtitle        TEXT NOT NULL DEFAULT '',
    authors         TEXT NOT NULL DEFAULT '',
    translator      TEXT NOT NULL DEFAULT '',
    publisher       TEXT NOT NULL DEFAULT '',
    edition         TEXT NOT NULL DEFAULT '',
    pub_date        TEXT NOT NULL DEFAULT '',
    category_code   TEXT NOT NULL DEFAULT '',
    category_name   TEXT NOT NULL DEFAULT '',
    binding         TEXT NOT NULL DEFAULT '',
    format          TEXT NOT NULL DEFAULT '',
    language        TEXT NOT NULL DEFAULT '',
    tags            TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
    bin             TEXT NOT NULL DEFAULT '',
    reorder_point   INTEGER NOT NULL DEFAULT 0 CHECK (reorder_point >= 0),
    supplier_id     INTEGER REFERENCES suppliers (id),
    -- Kept equal to the sum of this item's stock_movements, in the same transaction.
    on_hand         INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (isbn, list_price_fen)
);
CREATE INDEX titles_on_hand ON titles (on_hand);

-- Posted stock documents: purchase receipts, returns to supplier, stocktakes, and
-- their reversals. Never edited or deleted once posted.
CREATE TABLE stock_documents (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('receipt', 'supplier_return', 'stocktake')),
    supplier_id INTEGER REFERENCES suppliers (id),
    doc_date    TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'posted' CHECK (status IN ('posted', 'reversed')),
    reverses_id INTEGER REFERENCES stock_documents (id),
    reason      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);

CREATE TABLE stock_document_lines (
    id             INTEGER PRIMARY KEY,
    document_id    INTEGER NOT NULL REFERENCES stock_documents (id),
    line_no        INTEGER NOT NULL,
    title_id       INTEGER NOT NULL REFERENCES titles (id),
    -- Signed change to stock: + in, - out.
    quantity       INTEGER NOT NULL,
    list_price_fen INTEGER NOT NULL,
    discount_bp    INTEGER NOT NULL,
    unit_cost_fen  INTEGER NOT NULL,
    net_fen        INTEGER NOT NULL,
    counted        INTEGER,
    UNIQUE (document_id, line_no)
);

CREATE TABLE stock_movements (
    id            INTEGER PRIMARY KEY,
    title_id      INTEGER NOT NULL REFERENCES titles (id),
    at            TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('opening', 'receipt', 'sale', 'customer_return',
                      'supplier_return', 'adjustment', 'write_off')),
    quantity      INTEGER NOT NULL CHECK (quantity <> 0),
    unit_cost_fen INTEGER NOT NULL,
    document_id   INTEGER REFERENCES stock_documents (id),
    reason        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX stock_movements_title ON stock_movements (title_id, id);
CREATE INDEX stock_movements_document ON stock_movements (document_id);

-- Title search, the same design as customers' (see 0001): normalised keys (ISBN-13,
-- ISBN-10, title, its pinyin, authors, publisher, class) under a prefix index and a
-- trigram index, and Han grams of the title for one- and two-character queries.
CREATE TABLE title_keys (
    id       INTEGER PRIMARY KEY,
    title_id INTEGER NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    kind     INTEGER NOT NULL,
    key      TEXT NOT NULL
);
CREATE INDEX title_keys_key ON title_keys (key);
CREATE INDEX title_keys_title ON title_keys (title_id);
CREATE VIRTUAL TABLE title_keys_fts USING fts5 (
    key,
    content = 'title_keys',
    content_rowid = 'id',
    tokenize = 'trigram'
);
CREATE TRIGGER title_keys_ai AFTER INSERT ON title_keys BEGIN
    INSERT INTO title_keys_fts (rowid, key) VALUES (new.id, new.key);
END;
CREATE TRIGGER title_keys_ad AFTER DELETE ON title_keys BEGIN
    INSERT INTO title_keys_fts (title_keys_fts, rowid, key) VALUES ('delete', old.id, old.key);
END;
CREATE TABLE title_grams (
    gram     TEXT NOT NULL,
    title_id INTEGER NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    PRIMARY KEY (gram, title_id)
) WITHOUT ROWID;
CREATE INDEX title_grams_title ON title_grams (title_id);
