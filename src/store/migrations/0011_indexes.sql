-- Schema 11: indexes that large files showed missing, and drafts that let go.
--
-- Open reminders in the order they fall due, so Today and the notifications
-- read their first rows instead of sorting every open reminder (a first rule
-- run on a large file can leave a hundred thousand of them).

-- The expression is `WHEN` in crm::reminders: the snooze, else the due date
-- with `T` and its time. A query uses these indexes only when it says the very
-- same expression and the same condition.
CREATE INDEX reminders_open_when
    ON reminders (coalesce(snoozed_until, due_date || coalesce('T' || due_time, '')), id)
    WHERE status IN ('open', 'snoozed');
-- The ones not told of yet, which the window asks for every half minute.
CREATE INDEX reminders_unnotified
    ON reminders (coalesce(snoozed_until, due_date || coalesce('T' || due_time, '')), id)
    WHERE status IN ('open', 'snoozed') AND notified_at IS NULL;
-- The due-date index these replace.
DROP INDEX reminders_open_due;

-- A draft thrown away (orders::discard_draft) lets go of the calls and cases
-- that named it, as its reminders already do (schema 10): the call and the case
-- are kept, without the order, and the delete is not refused.
CREATE INDEX interactions_order ON interactions (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX cases_order ON cases (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX case_lines_line ON case_lines (order_line_id);
CREATE TRIGGER orders_discarded_follow_ups BEFORE DELETE ON orders BEGIN
    UPDATE interactions SET order_id = NULL WHERE order_id = old.id;
    UPDATE cases SET order_id = NULL WHERE order_id = old.id;
END;
CREATE TRIGGER order_lines_discarded_cases BEFORE DELETE ON order_lines BEGIN
    DELETE FROM case_lines WHERE order_line_id = old.id;
END;

-- Every foreign key gets an index starting with its column (tests/storage.rs
-- holds the schema to it). Without one, whatever looks up what points at a row
-- reads the whole child table: the order page's backorders scanned every order
-- on a large file, 30 ms on each confirmation; deleting a draft checked its
-- children the same way.
CREATE INDEX titles_supplier ON titles (supplier_id) WHERE supplier_id IS NOT NULL;
CREATE INDEX stock_document_lines_title ON stock_document_lines (title_id);
CREATE INDEX stock_movements_return ON stock_movements (return_id) WHERE return_id IS NOT NULL;
CREATE INDEX stock_documents_reverses ON stock_documents (reverses_id) WHERE reverses_id IS NOT NULL;
CREATE INDEX orders_backorder_of ON orders (backorder_of) WHERE backorder_of IS NOT NULL;
CREATE INDEX customer_returns_order ON customer_returns (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX customer_return_lines_title ON customer_return_lines (title_id);
CREATE INDEX payments_customer ON payments (customer_id, id);
CREATE INDEX receivable_entries_payment ON receivable_entries (payment_id) WHERE payment_id IS NOT NULL;
CREATE INDEX receivable_entries_return ON receivable_entries (return_id) WHERE return_id IS NOT NULL;
CREATE INDEX receivable_entries_order ON receivable_entries (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX cases_return ON cases (return_id) WHERE return_id IS NOT NULL;
CREATE INDEX interactions_case ON interactions (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX satisfaction_interaction ON satisfaction (interaction_id) WHERE interaction_id IS NOT NULL;
CREATE INDEX satisfaction_case ON satisfaction (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX reminders_interaction ON reminders (interaction_id) WHERE interaction_id IS NOT NULL;
CREATE INDEX reminders_case ON reminders (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX reminders_title ON reminders (title_id) WHERE title_id IS NOT NULL;
CREATE INDEX reminder_customers_customer ON reminder_customers (customer_id);
