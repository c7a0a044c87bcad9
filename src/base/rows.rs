//! Many rows in one statement, for writes in bulk (an import).
//!
//! A statement costs its own work at every step (and, for a table that feeds a
//! full-text index, a segment of that index written at its end), so writing
//! a hundred thousand records a row per statement spends much of its time on
//! statements. [`insert`] puts as many rows into each statement as SQLite
//! takes bound values.

use rusqlite::{Connection, Statement, ToSql};

/// The most values SQLite binds to one statement (`SQLITE_MAX_VARIABLE_NUMBER`).
pub const MAX_VALUES: usize = 32_766;

/// The values of one statement, bound in order.
pub struct Values<'a, 'c> {
    stmt: &'a mut Statement<'c>,
    at: usize,
}

impl Values<'_, '_> {
    /// Binds the next value.
    pub fn put<T: ToSql>(&mut self, value: T) -> rusqlite::Result<()> {
        self.at += 1;
        self.stmt.raw_bind_parameter(self.at, value)
    }
}

/// How many rows of `width` values one statement holds.
pub fn per_statement(width: usize) -> usize {
    (MAX_VALUES / width.max(1)).max(1)
}

/// Inserts `rows`: `head` is the statement up to `VALUES` (`INSERT INTO t (a, b)
/// VALUES`), `tuple` one row's values (`(?, ?)`, literals allowed), and `bind`
/// puts each row's values in the order of its `?`s.
pub fn insert<T>(
    conn: &Connection,
    head: &str,
    tuple: &str,
    rows: &[T],
    mut bind: impl FnMut(&mut Values, &T) -> rusqlite::Result<()>,
) -> crate::Result<()> {
    let width = tuple.matches('?').count();
    for chunk in rows.chunks(per_statement(width)) {
        let mut sql = String::with_capacity(head.len() + chunk.len() * (tuple.len() + 2));
        sql.push_str(head);
        for i in 0..chunk.len() {
            sql.push_str(if i == 0 { " " } else { ", " });
            sql.push_str(tuple);
        }
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut values = Values {
            stmt: &mut stmt,
            at: 0,
        };
        for row in chunk {
            bind(&mut values, row)?;
        }
        debug_assert_eq!(values.at, chunk.len() * width, "{head}: values per row");
        stmt.raw_execute()?;
    }
    Ok(())
}

/// [`insert`] for rows that keep arriving: writes those of `pending` that fill
/// whole statements (every one when `all`) and leaves the rest for next time, so
/// that no statement is written part full until the last.
pub fn insert_whole<T>(
    conn: &Connection,
    head: &str,
    tuple: &str,
    pending: &mut Vec<T>,
    all: bool,
    bind: impl FnMut(&mut Values, &T) -> rusqlite::Result<()>,
) -> crate::Result<()> {
    let per = per_statement(tuple.matches('?').count());
    let n = if all {
        pending.len()
    } else {
        pending.len() / per * per
    };
    if n > 0 {
        insert(conn, head, tuple, &pending[..n], bind)?;
        pending.drain(..n);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_past_one_statement_all_go_in_in_order() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b TEXT, d TEXT, c TEXT)",
        )
        .unwrap();
        // Three values a row: 10,922 rows a statement, so this takes three statements.
        let rows: Vec<i64> = (0..25_000).collect();
        insert(
            &conn,
            "INSERT INTO t (a, b, d, c) VALUES",
            "(?, ?, 'x', ?)",
            &rows,
            |v, n| {
                v.put(n)?;
                v.put(n.to_string())?;
                v.put("c")
            },
        )
        .unwrap();
        let (count, bad): (i64, i64) = conn
            .query_row(
                "SELECT count(*), sum(id <> a + 1 OR b <> CAST(a AS TEXT) OR c <> 'c' OR d <> 'x')
                 FROM t",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((count, bad), (25_000, 0));
        assert_eq!(per_statement(3), 10_922);
    }
}
