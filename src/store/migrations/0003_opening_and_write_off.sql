-- Opening balances (stock brought over from another system) and write-offs
-- (damaged or lost copies) are stock documents too. SQLite cannot change a CHECK
-- constraint in place, so the table is rebuilt the way SQLite documents it:
-- foreign keys are off while migrations run, and checked before each commits.
CREATE TABLE stock_documents_new (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('opening', 'receipt', 'supplier_return',
                    'stocktake', 'write_off')),
    supplier_id INTEGER REFERENCES suppliers (id),
    doc_date    TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'posted' CHECK (status IN ('posted', 'reversed')),
    reverses_id INTEGER REFERENCES stock_documents (id),
    reason      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
INSERT INTO stock_documents_new (id, number, kind, supplier_id, doc_date, status, reverses_id,
        reason, created_at)
    SELECT id, number, kind, supplier_id, doc_date, status, reverses_id, reason, created_at
    FROM stock_documents;
DROP TABLE stock_documents;
ALTER TABLE stock_documents_new RENAME TO stock_documents;
CREATE INDEX stock_documents_kind ON stock_documents (kind, id);
