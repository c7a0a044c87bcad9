-- Schema 10: what the reminder rules (crm::rules) remember.

-- A reminder a rule made stands for its rule and key until the rule sees its
-- condition clear: `cleared_at` says when it did. While it is NULL the rule makes
-- no other reminder for that key, even once this one is done or dismissed, so a
-- reminder marked done does not come back the next morning while nothing has
-- changed; it may once the condition has cleared and holds again.
ALTER TABLE reminders ADD COLUMN cleared_at TEXT;
CREATE INDEX reminders_rule_held ON reminders (rule, rule_key)
    WHERE rule IS NOT NULL AND status IN ('done', 'closed') AND cleared_at IS NULL;

-- A backorder's reminder points at its draft, and a draft thrown away is deleted
-- (orders::discard_draft): the reminder lets go of it, so the delete is not refused,
-- and the backorder rule closes it on its next run ("backorder discarded").
CREATE INDEX reminders_order ON reminders (order_id) WHERE order_id IS NOT NULL;
CREATE TRIGGER orders_discarded_reminders BEFORE DELETE ON orders BEGIN
    UPDATE reminders SET order_id = NULL WHERE order_id = old.id;
END;

-- The rules read a few columns of every customer at each run: this narrow index
-- holds them, so it is read instead of the table, whose rows carry addresses,
-- notes and tags.
CREATE INDEX customers_rules ON customers (status, kind, settlement, payment_terms_days,
    credit_limit_fen);
-- Birthdays by month and day (the last five characters, `MM-DD`, of `YYYY-MM-DD`
-- or of `MM-DD`), so the birthday rule reads only those in its window.
CREATE INDEX customers_birthday_day ON customers (substr(birthday, -5))
    WHERE birthday IS NOT NULL;
CREATE INDEX customer_contacts_birthday_day ON customer_contacts (substr(birthday, -5))
    WHERE birthday IS NOT NULL;
