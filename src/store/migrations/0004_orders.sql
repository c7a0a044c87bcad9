-- Sales orders (发货单), customer returns (退货单), payments (收款) and the
-- receivables ledger they post to. Posted documents are never edited: a confirmed
-- order is cancelled by a reversal, and every change to what a customer owes is a
-- row in receivable_entries.

CREATE TABLE orders (
    id               INTEGER PRIMARY KEY,
    -- SO-YYYYMMDD-NNNN once confirmed; a draft has none yet.
    number           TEXT UNIQUE,
    customer_id      INTEGER NOT NULL REFERENCES customers (id),
    status           TEXT NOT NULL DEFAULT 'draft'
                         CHECK (status IN ('draft', 'confirmed', 'shipped', 'completed', 'cancelled')),
    -- The date it was confirmed (a draft: the day it was started).
    order_date       TEXT NOT NULL,
    due_date         TEXT,
    -- The order's own discount, overriding the customer's; NULL takes the customer's.
    discount_bp      INTEGER CHECK (discount_bp IS NULL OR discount_bp BETWEEN 100 AND 10000),
    payment_method   TEXT NOT NULL DEFAULT 'on_account'
                         CHECK (payment_method IN ('cash', 'bank_transfer', 'wechat_alipay',
                             'cash_on_delivery', 'on_account')),
    -- Why the credit limit was overridden, when it was.
    credit_override  TEXT NOT NULL DEFAULT '',
    -- The order whose unshipped remainder this draft is (a backorder).
    backorder_of     INTEGER REFERENCES orders (id),
    carrier          TEXT NOT NULL DEFAULT '',
    tracking         TEXT NOT NULL DEFAULT '',
    shipped_on       TEXT,
    cancel_reason    TEXT NOT NULL DEFAULT '',
    notes            TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX orders_customer ON orders (customer_id, id);
CREATE INDEX orders_status ON orders (status, id);

CREATE TABLE order_lines (
    id             INTEGER PRIMARY KEY,
    order_id       INTEGER NOT NULL REFERENCES orders (id),
    line_no        INTEGER NOT NULL,
    title_id       INTEGER NOT NULL REFERENCES titles (id),
    quantity       INTEGER NOT NULL CHECK (quantity > 0),
    list_price_fen INTEGER NOT NULL,
    -- The line's own discount; NULL takes the order's (then the customer's).
    discount_bp    INTEGER CHECK (discount_bp IS NULL OR discount_bp BETWEEN 100 AND 10000),
    -- Filled in on confirmation: the discount applied and the line's net, rounded once.
    applied_bp     INTEGER,
    net_fen        INTEGER,
    UNIQUE (order_id, line_no)
);
CREATE INDEX order_lines_title ON order_lines (title_id);

CREATE TABLE customer_returns (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    order_id    INTEGER REFERENCES orders (id),
    return_date TEXT NOT NULL,
    -- Saleable copies go back on the shelf; damaged ones are written off.
    damaged     INTEGER NOT NULL DEFAULT 0 CHECK (damaged IN (0, 1)),
    reason      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX customer_returns_customer ON customer_returns (customer_id, id);

CREATE TABLE customer_return_lines (
    id             INTEGER PRIMARY KEY,
    return_id      INTEGER NOT NULL REFERENCES customer_returns (id),
    line_no        INTEGER NOT NULL,
    title_id       INTEGER NOT NULL REFERENCES titles (id),
    -- The order line it returns, when the return is against an order.
    order_line_id  INTEGER REFERENCES order_lines (id),
    quantity       INTEGER NOT NULL CHECK (quantity > 0),
    list_price_fen INTEGER NOT NULL,
    discount_bp    INTEGER NOT NULL,
    net_fen        INTEGER NOT NULL,
    UNIQUE (return_id, line_no)
);
CREATE INDEX customer_return_lines_order_line ON customer_return_lines (order_line_id);

CREATE TABLE payments (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    paid_on     TEXT NOT NULL,
    amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
    method      TEXT NOT NULL CHECK (method IN ('cash', 'bank_transfer', 'wechat_alipay',
                    'cash_on_delivery', 'other')),
    reference   TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);

-- What each customer owes, as a ledger: + what they owe more (an order, an opening
-- balance), - what they owe less (a return, a payment, a cancellation).
CREATE TABLE receivable_entries (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    kind        TEXT NOT NULL CHECK (kind IN ('opening', 'order', 'return', 'payment', 'cancellation')),
    entry_date  TEXT NOT NULL,
    due_date    TEXT NOT NULL,
    amount_fen  INTEGER NOT NULL CHECK (amount_fen <> 0),
    -- The document behind it: its number, for statements.
    reference   TEXT NOT NULL,
    order_id    INTEGER REFERENCES orders (id),
    return_id   INTEGER REFERENCES customer_returns (id),
    payment_id  INTEGER REFERENCES payments (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX receivable_entries_customer ON receivable_entries (customer_id, entry_date, id);

-- Sales and customer returns move stock too; their movements point at the order or
-- the return they belong to.
ALTER TABLE stock_movements ADD COLUMN order_id INTEGER REFERENCES orders (id);
ALTER TABLE stock_movements ADD COLUMN return_id INTEGER REFERENCES customer_returns (id);
CREATE INDEX stock_movements_order ON stock_movements (order_id) WHERE order_id IS NOT NULL;

-- Confirming an order is bound by the pages its transaction writes (synchronous=FULL
-- waits for each one). An index on on_hand moved an entry to a random page for every
-- line and served no query the stock list makes (low stock compares two columns),
-- so it goes.
DROP INDEX titles_on_hand;

-- The stock list pages through titles in title order and filters by class prefix,
-- publisher and bin; these keep each page from sorting or scanning the whole table.
CREATE INDEX titles_title_order ON titles (title, isbn, list_price_fen);
CREATE INDEX titles_category ON titles (category_code);
CREATE INDEX titles_publisher ON titles (publisher);
CREATE INDEX titles_bin ON titles (bin);
