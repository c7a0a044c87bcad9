-- Schema 11: open reminders in the order they fall due, so Today and the
-- notifications read their first rows instead of sorting every open reminder
-- (a first rule run on a large file can leave a hundred thousand of them).

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
