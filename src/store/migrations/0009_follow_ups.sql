-- Schema 9: follow-ups. The call log (联系记录), after-sales cases (投诉/售后),
-- satisfaction scores, and reminders, made by hand or by the rules.
-- Times a user types ("when it happened", a due time) are local wall-clock text,
-- `YYYY-MM-DDTHH:MM`; dates are the PC's local calendar dates, `YYYY-MM-DD`.

-- Every contact may have a birthday, in the Gregorian or the lunar (农历) calendar;
-- the customer's own `birthday` is the main contact's and gains the same flag.
ALTER TABLE customers ADD COLUMN birthday_lunar INTEGER NOT NULL DEFAULT 0
    CHECK (birthday_lunar IN (0, 1));
ALTER TABLE customer_contacts ADD COLUMN birthday TEXT;
ALTER TABLE customer_contacts ADD COLUMN birthday_lunar INTEGER NOT NULL DEFAULT 0
    CHECK (birthday_lunar IN (0, 1));

CREATE TABLE cases (
    id                INTEGER PRIMARY KEY,
    customer_id       INTEGER NOT NULL REFERENCES customers (id),
    order_id          INTEGER REFERENCES orders (id),
    category          TEXT NOT NULL CHECK (category IN ('wrong_title', 'damaged', 'short_shipment',
                          'late', 'price', 'other')),
    priority          TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high')),
    owner             TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL DEFAULT 'open'
                          CHECK (status IN ('open', 'in_progress', 'resolved', 'closed')),
    summary           TEXT NOT NULL CHECK (length(summary) BETWEEN 1 AND 2000),
    resolution        TEXT NOT NULL DEFAULT '',
    -- The credit given, through the ordinary documents: a customer return.
    return_id         INTEGER REFERENCES customer_returns (id),
    opened_at         TEXT NOT NULL,
    -- Kept so that first-response and resolution times can be reported.
    first_response_at TEXT,
    resolved_at       TEXT,
    closed_at         TEXT,
    updated_at        TEXT NOT NULL
);
CREATE INDEX cases_customer ON cases (customer_id, id);
CREATE INDEX cases_status ON cases (status, id);

-- The order lines a case is about.
CREATE TABLE case_lines (
    case_id       INTEGER NOT NULL REFERENCES cases (id),
    order_line_id INTEGER NOT NULL REFERENCES order_lines (id),
    PRIMARY KEY (case_id, order_line_id)
) WITHOUT ROWID;

CREATE TABLE interactions (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    kind        TEXT NOT NULL CHECK (kind IN ('phone', 'visit', 'wechat', 'email', 'meeting', 'note')),
    -- When it happened (local), `YYYY-MM-DDTHH:MM`.
    happened_at TEXT NOT NULL,
    -- Who was spoken to.
    who         TEXT NOT NULL DEFAULT '',
    summary     TEXT NOT NULL CHECK (length(summary) BETWEEN 1 AND 2000),
    outcome     TEXT NOT NULL DEFAULT '',
    next_step   TEXT NOT NULL DEFAULT '',
    order_id    INTEGER REFERENCES orders (id),
    case_id     INTEGER REFERENCES cases (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX interactions_customer ON interactions (customer_id, happened_at);

CREATE TABLE satisfaction (
    id             INTEGER PRIMARY KEY,
    customer_id    INTEGER NOT NULL REFERENCES customers (id),
    kind           TEXT NOT NULL CHECK (kind IN ('csat', 'nps')),
    score          INTEGER NOT NULL,
    comment        TEXT NOT NULL DEFAULT '',
    case_id        INTEGER REFERENCES cases (id),
    interaction_id INTEGER REFERENCES interactions (id),
    recorded_at    TEXT NOT NULL,
    CHECK ((kind = 'csat' AND score BETWEEN 1 AND 5) OR (kind = 'nps' AND score BETWEEN 0 AND 10))
);
CREATE INDEX satisfaction_customer ON satisfaction (customer_id, id);

CREATE TABLE reminders (
    id             INTEGER PRIMARY KEY,
    -- NULL: a reminder about no one customer (low stock, a festival naming many).
    customer_id    INTEGER REFERENCES customers (id),
    kind           TEXT NOT NULL CHECK (kind IN ('call', 'visit', 'collect', 'catalogue', 'care', 'other')),
    -- When it is due: a local date, and a local time when one was given.
    due_date       TEXT NOT NULL,
    due_time       TEXT,
    note           TEXT NOT NULL DEFAULT '',
    -- Recurrence: every `every_n` days, weeks, months or years; NULL: once.
    every_n        INTEGER CHECK (every_n IS NULL OR every_n BETWEEN 1 AND 999),
    every_unit     TEXT CHECK (every_unit IS NULL OR every_unit IN ('d', 'w', 'm', 'y')),
    -- The day of the month of the first occurrence: monthly from the 31st stays at
    -- each month's end instead of drifting to the 28th after February.
    anchor_day     INTEGER,
    status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'snoozed', 'closed')),
    -- While snoozed: when it comes back (a date, or a date and time, local).
    snoozed_until  TEXT,
    -- The rule that made it (NULL: made by hand) and what for (a customer, a title,
    -- an order, a case, a festival and its year), so a rule never makes a second
    -- one while one is open: the unique index below says so to SQLite itself.
    rule           TEXT CHECK (rule IS NULL OR rule IN ('dormant', 'overdue', 'over_credit', 'birthday',
                       'festival', 'low_stock', 'backorder', 'settlement', 'case_follow_up', 'statement')),
    rule_key       TEXT,
    title_id       INTEGER REFERENCES titles (id),
    order_id       INTEGER REFERENCES orders (id),
    case_id        INTEGER REFERENCES cases (id),
    -- The interaction whose next step this is.
    interaction_id INTEGER REFERENCES interactions (id),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    -- When it was done or closed.
    closed_at      TEXT,
    -- When the desktop told of it (a notification), so it tells once.
    notified_at    TEXT,
    CHECK ((every_n IS NULL) = (every_unit IS NULL)),
    CHECK ((rule IS NULL) = (rule_key IS NULL))
);
CREATE UNIQUE INDEX reminders_rule_open ON reminders (rule, rule_key)
    WHERE rule IS NOT NULL AND status IN ('open', 'snoozed');
CREATE INDEX reminders_open_due ON reminders (due_date) WHERE status IN ('open', 'snoozed');
CREATE INDEX reminders_customer ON reminders (customer_id, id) WHERE customer_id IS NOT NULL;

-- The customers a reminder concerns beyond its own (a festival's list).
CREATE TABLE reminder_customers (
    reminder_id INTEGER NOT NULL REFERENCES reminders (id),
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    PRIMARY KEY (reminder_id, customer_id)
) WITHOUT ROWID;

-- What happened to a reminder: made, snoozed, done, moved to its next
-- occurrence, closed by its rule because its condition cleared.
CREATE TABLE reminder_events (
    id          INTEGER PRIMARY KEY,
    reminder_id INTEGER NOT NULL REFERENCES reminders (id),
    at          TEXT NOT NULL,
    event       TEXT NOT NULL CHECK (event IN ('created', 'snoozed', 'done', 'next', 'closed', 'reopened')),
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX reminder_events_reminder ON reminder_events (reminder_id, id);

-- Lets the dormant rule and the timeline find a customer's latest order at once.
CREATE INDEX orders_customer_date ON orders (customer_id, order_date);
