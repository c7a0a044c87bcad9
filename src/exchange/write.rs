//! Writing a [`Table`] to .xlsx or CSV, row by row, through a temporary file;
//! or several, as the sheets of one workbook in order ([`write_book`]), each
//! sheet its own table and, below it, smaller tables of its own columns.
//!
//! Formula injection: a text cell is always written as a string. In .xlsx a
//! string cell (`t="inlineStr"` in constant-memory mode) is data, and no
//! spreadsheet evaluates it, whatever it starts with, so `=HYPERLINK(…)` stays
//! the text the user typed and no quote is added. CSV has no cell types: a
//! spreadsheet opening it reads `=…`, `+…`, `-…`, `@…` and a leading tab, CR
//! or LF as a formula, so such a text cell is written with a single quote in
//! front (`'=HYPERLINK(…)`), as OWASP recommends; Excel and WPS show the quote
//! as the text's first character, which is the price of it staying inert.
//! Numbers (money, quantities) are never quoted: `-12.50` is a number.

use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    utility::column_number_to_name, DocProperties, ExcelDateTime, Format as XFormat, Formula,
    Workbook, XlsxError,
};

use crate::base::error::{Code, FolioError, Result};
use crate::base::progress::Progress;
use crate::base::text::quote;

use super::sheet::{display_width, looks_like_formula, Cell, Kind, Lang, Table};

/// How a CSV file is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 with a byte-order mark, which is what makes Chinese Excel read it
    /// as UTF-8 rather than as GBK. The default.
    Utf8Bom,
    /// GBK (code page 936), what Chinese Excel writes and older tools expect. A
    /// character GBK cannot hold (an emoji, most non-Chinese scripts) is an
    /// error naming its row and column, not a silent `?`: the file would no
    /// longer say what is on record, and UTF-8 can always hold it.
    Gbk,
}

impl Encoding {
    pub fn parse(s: &str) -> Result<Encoding> {
        match s.trim().to_ascii_lowercase().as_str() {
            "utf8" | "utf-8" => Ok(Encoding::Utf8Bom),
            "gbk" | "cp936" => Ok(Encoding::Gbk),
            _ => Err(FolioError::invalid(
                Code::KindInvalid,
                "encoding",
                format!("encoding {} must be utf8 or gbk", quote(s)),
            )),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv(Encoding),
}

impl Format {
    /// The format a file name asks for: CSV for `.csv` (UTF-8 with BOM), else .xlsx.
    pub fn for_path(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("csv") => Format::Csv(Encoding::Utf8Bom),
            _ => Format::Xlsx,
        }
    }
}

/// How to write an export.
#[derive(Debug, Clone)]
pub struct Options {
    pub format: Format,
    pub lang: Lang,
    /// Data rows per sheet of a workbook before the rows go on on a next sheet
    /// (`Sales ledger (2)`…): [`MAX_XLSX_ROWS`], all Excel can hold, unless a
    /// test wants to see the next sheet without a million rows.
    pub sheet_rows: u64,
}

impl Options {
    pub fn new(format: Format, lang: Lang) -> Options {
        Options {
            format,
            lang,
            sheet_rows: MAX_XLSX_ROWS,
        }
    }
}

/// Rows between two progress reports (and checks for cancel).
const REPORT_EVERY: u64 = 100;

/// The most data rows one sheet holds: Excel's 1,048,576 less the header and the totals row.
/// Past it an export goes on on another sheet.
pub const MAX_XLSX_ROWS: u64 = 1_048_574;

/// What a table's filler is handed: the function that takes each row in turn.
pub type Emit<'a> = dyn FnMut(&[Cell]) -> Result<()> + 'a;

/// What fills one table: handed the function that takes each row in turn.
pub type Fill<'a> = Box<dyn FnOnce(&mut Emit) -> Result<()> + 'a>;

/// A workbook as a whole: its title and period for the document properties.
#[derive(Debug, Clone)]
pub struct Book {
    pub title_en: &'static str,
    pub title_zh: &'static str,
    pub period: String,
}

/// One sheet of a workbook: its table (named for the sheet, with the frozen
/// header, the autofilter and the continuation sheets), and smaller tables
/// written below it, each after a blank row with a header and totals row of
/// its own (a sheet has one autofilter, which the first table keeps).
pub struct Sheet<'a> {
    pub table: Table,
    pub fill: Fill<'a>,
    pub below: Vec<(Table, Fill<'a>)>,
}

impl<'a> Sheet<'a> {
    pub fn new(table: Table, fill: impl FnOnce(&mut Emit) -> Result<()> + 'a) -> Sheet<'a> {
        Sheet {
            table,
            fill: Box::new(fill),
            below: Vec::new(),
        }
    }

    /// The same sheet with `table` written below what is on it.
    pub fn with_below(
        mut self,
        table: Table,
        fill: impl FnOnce(&mut Emit) -> Result<()> + 'a,
    ) -> Sheet<'a> {
        self.below.push((table, Box::new(fill)));
        self
    }
}

/// Writes `table` to `dest`: `fill` is handed the function that takes each row
/// in turn. Returns the number of data rows. Nothing is left at `dest` unless
/// every row was written: on an error or a cancel the temporary file goes and
/// an existing `dest` is untouched. `total` is the number of rows expected, for
/// the progress reports (0 when it is not known).
pub fn write_table(
    dest: &Path,
    table: &Table,
    total: u64,
    company: &str,
    opts: &Options,
    progress: &dyn Progress,
    fill: impl FnOnce(&mut Emit) -> Result<()>,
) -> Result<u64> {
    let book = Book {
        title_en: table.name_en,
        title_zh: table.name_zh,
        period: table.period.clone(),
    };
    let table = table.clone().expecting(total.min(i64::MAX as u64) as i64);
    let rows = write_book(
        dest,
        &book,
        vec![Sheet::new(table, fill)],
        company,
        opts,
        progress,
    )?;
    Ok(rows.first().copied().unwrap_or(0))
}

/// Writes a workbook of several sheets to `dest`, in order, with the same
/// guarantees as [`write_table`]: one temporary file renamed over `dest` when
/// every sheet is whole, progress counted over the rows of every sheet (each
/// table's `expected`), and a cancel between any two rows. Returns the data
/// rows of each sheet's first table. CSV holds one table: a book of more is
/// refused before any file is made.
pub fn write_book(
    dest: &Path,
    book: &Book,
    sheets: Vec<Sheet<'_>>,
    company: &str,
    opts: &Options,
    progress: &dyn Progress,
) -> Result<Vec<u64>> {
    if dest.is_dir() {
        return Err(io_error(dest, "it is a folder"));
    }
    let parts: usize = sheets.iter().map(|s| 1 + s.below.len()).sum();
    if matches!(opts.format, Format::Csv(_)) && parts > 1 {
        return Err(FolioError::invalid(
            Code::KindInvalid,
            "format",
            format!(
                "{} has {parts} tables, which a CSV file cannot hold; write .xlsx instead",
                book.title(opts.lang)
            ),
        ));
    }
    let total: u64 = sheets
        .iter()
        .flat_map(|s| std::iter::once(&s.table).chain(s.below.iter().map(|(t, _)| t)))
        .map(|t| t.expected)
        .sum();
    let temp = TempFile::beside(dest)?;
    let mut done: u64 = 0;
    let mut counts = Vec::with_capacity(sheets.len());
    let step = |done: &mut u64| -> Result<()> {
        *done += 1;
        if done.is_multiple_of(REPORT_EVERY) {
            progress.step(*done, total.max(*done))?;
        }
        Ok(())
    };
    match opts.format {
        Format::Csv(enc) => {
            if let Some(sheet) = sheets.into_iter().next() {
                let table = sheet.table;
                let mut out = CsvOut::new(temp.file()?, &table, opts.lang, enc)?;
                let mut rows: u64 = 0;
                (sheet.fill)(&mut |cells: &[Cell]| -> Result<()> {
                    debug_assert_eq!(cells.len(), table.columns.len());
                    rows += 1;
                    out.row(rows, cells)?;
                    step(&mut done)
                })?;
                out.finish()?;
                counts.push(rows);
            }
        }
        Format::Xlsx => {
            let out = XlsxOut::new(book, company, opts.lang, opts.sheet_rows);
            let path = temp.path.clone();
            // The rows are read (SQLite, on this thread: the store's connection
            // stays here) while the workbook is written on a thread of its own, a
            // batch of rows at a time; on two cores that takes the reading out of
            // the export's time. Whichever side fails first stops the other: the
            // writer by hanging up, this side by dropping its end of the queue,
            // and then nothing is saved.
            std::thread::scope(|scope| -> Result<()> {
                let (queue, jobs) = std::sync::mpsc::sync_channel::<Job>(QUEUED_BATCHES);
                let writer = scope.spawn(move || out.run(jobs, &path));
                let fed = feed(&queue, sheets, &mut counts, &mut || step(&mut done));
                drop(queue);
                let wrote = writer
                    .join()
                    .unwrap_or_else(|_| Err(io_error(&temp.path, "the workbook's writer stopped")));
                match (fed, wrote) {
                    // The writer hung up because it failed: its error says why.
                    (_, Err(e)) => Err(e),
                    (Err(e), Ok(())) => Err(e),
                    (Ok(()), Ok(())) => Ok(()),
                }
            })?;
        }
    }
    progress.step(done, done)?;
    temp.rename_to(dest)?;
    Ok(counts)
}

/// Batches of rows waiting for the workbook's writer at most: enough to keep
/// it busy while the next rows are read, few enough to keep memory flat.
const QUEUED_BATCHES: usize = 8;

/// Rows handed to the writer at once.
const ROWS_PER_BATCH: usize = 256;

/// What the workbook's writer thread is asked to do, in order.
enum Job {
    /// A table on a sheet of its own, or (true) below what is on the current sheet.
    Begin(Table, bool),
    /// Rows `first`, `first + 1`… of the current table, each its columns' cells.
    Rows(u64, Vec<Cell>),
    /// The current table's last row was the one given.
    End(u64),
    /// Every table is written: save the workbook.
    Save,
}

/// Runs every sheet's fills on this thread, handing the rows to the writer in
/// batches. Each row is made exactly as wide as its table, so the writer can
/// cut a batch into rows by the width alone.
fn feed(
    queue: &std::sync::mpsc::SyncSender<Job>,
    sheets: Vec<Sheet<'_>>,
    counts: &mut Vec<u64>,
    step: &mut dyn FnMut() -> Result<()>,
) -> Result<()> {
    let gone = || io_error(Path::new(""), "the workbook's writer stopped");
    let send = |job: Job| queue.send(job).map_err(|_| gone());
    let table = |t: Table,
                 below: bool,
                 fill: Fill<'_>,
                 step: &mut dyn FnMut() -> Result<()>|
     -> Result<u64> {
        let width = t.columns.len();
        send(Job::Begin(t, below))?;
        let mut rows: u64 = 0;
        let mut first: u64 = 1;
        let mut batch: Vec<Cell> = Vec::with_capacity(ROWS_PER_BATCH * width);
        fill(&mut |cells: &[Cell]| -> Result<()> {
            rows += 1;
            let have = cells.len().min(width);
            batch.extend_from_slice(&cells[..have]);
            batch.extend(std::iter::repeat_n(Cell::Empty, width - have));
            if batch.len() >= ROWS_PER_BATCH * width {
                let full =
                    std::mem::replace(&mut batch, Vec::with_capacity(ROWS_PER_BATCH * width));
                send(Job::Rows(first, full))?;
                first = rows + 1;
            }
            step()
        })?;
        if !batch.is_empty() {
            send(Job::Rows(first, batch))?;
        }
        send(Job::End(rows))?;
        Ok(rows)
    };
    for sheet in sheets {
        counts.push(table(sheet.table, false, sheet.fill, step)?);
        for (t, fill) in sheet.below {
            table(t, true, fill, step)?;
        }
    }
    send(Job::Save)
}

impl Book {
    pub fn title(&self, lang: Lang) -> &'static str {
        lang.pick(self.title_en, self.title_zh)
    }
}

// ---------------------------------------------------------------------------
// .xlsx

/// A workbook being written, one table at a time.
struct XlsxOut {
    book: Workbook,
    lang: Lang,
    header: XFormat,
    /// Data rows one sheet takes before a table goes on on the next.
    sheet_rows: u64,
    /// Worksheets added so far, and the widest cell written so far in each
    /// column of each, in character cells.
    widths: Vec<Vec<usize>>,
    /// The table being written.
    part: Option<Part>,
}

/// The state of the table being written.
struct Part {
    table: Table,
    formats: Vec<XFormat>,
    total_formats: Vec<XFormat>,
    /// Widest cell seen per column, in character cells (the same on every sheet).
    widths: Vec<usize>,
    /// Sums, on the current sheet, of the columns the totals row adds up (the
    /// formula's cached result, for readers that do not recalculate).
    sums: Vec<i128>,
    /// The worksheet being written, and the first this table went on.
    sheet: usize,
    first_sheet: usize,
    /// The row of the header on the sheet (0 for a sheet's own table; below
    /// it for a table written under another), and whether the table may go on
    /// on next sheets (only a sheet's own table does).
    origin: u32,
    continues: bool,
    /// Data rows on the sheets before the current one.
    before: u64,
    /// The sheet row after the last one written (the totals row included).
    end: u32,
    /// The last date read, as written and as Excel holds it: a ledger's lines
    /// come in date order, so most dates are the one before.
    last_date: Option<(String, ExcelDateTime)>,
}

/// `d` as Excel holds it, parsed once for a run of cells with the same date.
fn cached_date<'c>(
    last: &'c mut Option<(String, ExcelDateTime)>,
    d: &str,
) -> std::result::Result<&'c ExcelDateTime, XlsxError> {
    if last.as_ref().is_none_or(|(s, _)| s != d) {
        let dt = ExcelDateTime::parse_from_str(d)?;
        *last = Some((d.to_string(), dt));
    }
    match last {
        Some((_, dt)) => Ok(dt),
        None => Err(XlsxError::ParameterError(String::new())),
    }
}

fn number_format(kind: Kind) -> XFormat {
    match kind {
        Kind::Money => XFormat::new().set_num_format("#,##0.00"),
        Kind::Quantity => XFormat::new().set_num_format("#,##0"),
        Kind::Discount => XFormat::new().set_num_format("0.0%"),
        Kind::Date => XFormat::new().set_num_format("yyyy-mm-dd"),
        Kind::Timestamp => XFormat::new().set_num_format("yyyy-mm-dd hh:mm"),
        // "@" is Excel's text format: what the user types into the cell later stays text too.
        Kind::Code => XFormat::new().set_num_format("@"),
        Kind::Text => XFormat::new(),
    }
}

impl XlsxOut {
    fn new(book_of: &Book, company: &str, lang: Lang, sheet_rows: u64) -> XlsxOut {
        let mut book = Workbook::new();
        let title = book_of.title(lang);
        let mut props = DocProperties::new()
            .set_title(title)
            .set_subject(&book_of.period)
            .set_author("Folio")
            .set_comment(format!("{title} {}", book_of.period));
        if !company.is_empty() {
            props = props.set_company(company);
        }
        book.set_properties(&props);
        // Deflate at level 1, not the default 6: on a ledger of 52,000 lines the file
        // came out 6.0 MB rather than 3.6 MB, and deflating had been 40% of the time.
        book.set_zip_compression_level(1);
        XlsxOut {
            book,
            lang,
            header: XFormat::new().set_bold(),
            sheet_rows: sheet_rows.clamp(1, MAX_XLSX_ROWS),
            widths: Vec::new(),
            part: None,
        }
    }

    /// Starts a table: on a sheet of its own (`origin` None), or below the
    /// current sheet's last row at `origin`.
    fn begin(&mut self, table: &Table, origin: Option<u32>) -> Result<()> {
        let lang = self.lang;
        let part = Part {
            table: table.clone(),
            formats: table
                .columns
                .iter()
                .map(|c| number_format(c.kind))
                .collect(),
            total_formats: table
                .columns
                .iter()
                .map(|c| number_format(c.kind).set_bold())
                .collect(),
            widths: table
                .columns
                .iter()
                // The autofilter's arrow takes about two characters of the header.
                .map(|c| display_width(c.header(lang)) + 2)
                .collect(),
            sums: vec![0; table.columns.len()],
            sheet: self.widths.len(),
            first_sheet: self.widths.len(),
            origin: origin.unwrap_or(0),
            continues: origin.is_none(),
            before: 0,
            end: 0,
            last_date: None,
        };
        match origin {
            None => {
                self.part = Some(part);
                self.add_sheet(0)
            }
            Some(o) => {
                let sheet = self.widths.len().saturating_sub(1);
                self.part = Some(Part {
                    sheet,
                    first_sheet: sheet,
                    ..part
                });
                self.header_row(o)
            }
        }
    }

    fn part(&mut self) -> Result<&mut Part> {
        self.part.as_mut().ok_or_else(|| {
            FolioError::invalid(
                Code::IoError,
                "",
                "cannot write the workbook: no table begun",
            )
        })
    }

    /// Starts a worksheet for the current table: its name (then `name (2)`,
    /// `name (3)`… for the rows that did not fit on one sheet), its header
    /// row, frozen. `k` is the table's sheet count so far.
    fn add_sheet(&mut self, k: usize) -> Result<()> {
        let lang = self.lang;
        let Some(part) = self.part.as_mut() else {
            return Ok(());
        };
        let title = part.table.name(lang);
        let name = match k {
            0 => title.to_string(),
            k => format!("{title} ({})", k + 1),
        };
        let sheet = self
            .book
            .add_worksheet_with_constant_memory()
            .map_err(xlsx)?;
        sheet.set_name(name).map_err(xlsx)?;
        sheet.set_freeze_panes(1, 0).map_err(xlsx)?;
        // Each column carries its number format, and the data cells are written
        // without one: an unformatted cell takes its column's format, and looking a
        // format up for every cell (hashing the whole Format) took a fifth of the time.
        for (i, f) in part.formats.iter().enumerate() {
            sheet.set_column_format(col(i), f).map_err(xlsx)?;
        }
        part.sheet = self.widths.len();
        self.widths.push(vec![0; part.table.columns.len()]);
        self.header_row(0)
    }

    /// The current table's header, bold, at `row` of its sheet.
    fn header_row(&mut self, row: u32) -> Result<()> {
        let lang = self.lang;
        let Some(part) = self.part.as_mut() else {
            return Ok(());
        };
        let sheet = self.book.worksheet_from_index(part.sheet).map_err(xlsx)?;
        for (i, c) in part.table.columns.iter().enumerate() {
            sheet
                .write_string_with_format(row, col(i), c.header(lang), &self.header)
                .map_err(xlsx)?;
        }
        part.end = row + 1;
        Ok(())
    }

    /// The first sheet row below everything written on the current sheet.
    fn next_free_row(&self) -> u32 {
        self.part.as_ref().map_or(0, |p| p.end)
    }

    fn row(&mut self, n: u64, cells: &[Cell]) -> Result<()> {
        let sheet_rows = self.sheet_rows;
        let part = self.part()?;
        if n - part.before > sheet_rows {
            if !part.continues {
                return Err(FolioError::invalid(
                    Code::IoError,
                    "",
                    "cannot write the workbook: a table below another is past the sheet's last row",
                ));
            }
            // A sheet holds at most 1,048,576 rows: the rest goes on the next one.
            self.close_sheet(sheet_rows)?;
            let part = self.part()?;
            part.before += sheet_rows;
            let k = part.sheet - part.first_sheet + 1;
            self.add_sheet(k)?;
        }
        let Some(part) = self.part.as_mut() else {
            return Ok(());
        };
        let row64 = part.origin as u64 + n - part.before;
        if row64 > MAX_XLSX_ROWS {
            return Err(FolioError::invalid(
                Code::IoError,
                "",
                "cannot write the workbook: a table below another is past the sheet's last row",
            ));
        }
        let row = row64 as u32;
        part.end = row + 1;
        let sheet = self.book.worksheet_from_index(part.sheet).map_err(xlsx)?;
        // The sheet's columns carry the formats of its own table; a table below it
        // gives each cell its own column's format instead.
        let own = (!part.continues).then_some(&part.formats);
        for (i, (cell, column)) in cells.iter().zip(part.table.columns).enumerate() {
            let c = col(i);
            let width = match cell {
                Cell::Empty => 0,
                // A string cell, never a formula: see the module's comment.
                Cell::Text(s) => {
                    match own {
                        Some(f) => sheet.write_string_with_format(row, c, s, &f[i]),
                        None => sheet.write_string(row, c, s),
                    }
                    .map_err(xlsx)?;
                    // A text is never wider than its bytes, so one no longer than
                    // the column is already cannot widen it.
                    if s.len() > part.widths[i] {
                        display_width(s)
                    } else {
                        0
                    }
                }
                Cell::Int(v) => {
                    let (value, width) = number(column.kind, *v);
                    if column.total {
                        part.sums[i] += *v as i128;
                    }
                    match own {
                        Some(f) => sheet.write_number_with_format(row, c, value, &f[i]),
                        None => sheet.write_number(row, c, value),
                    }
                    .map_err(xlsx)?;
                    width
                }
                Cell::Formula(f, v) => {
                    // Folio's own formula (never text from the user or a file), with
                    // `{r}` standing for the row it is on, and its result cached.
                    let (_, width) = number(column.kind, *v);
                    if column.total {
                        part.sums[i] += *v as i128;
                    }
                    let result = match column.kind {
                        Kind::Money => yuan(*v as i128),
                        Kind::Discount => (*v as f64 / 10_000.0).to_string(),
                        _ => v.to_string(),
                    };
                    let formula =
                        Formula::new(f.replace("{r}", &(row + 1).to_string())).set_result(result);
                    match own {
                        Some(f) => sheet.write_formula_with_format(row, c, formula, &f[i]),
                        None => sheet.write_formula(row, c, formula),
                    }
                    .map_err(xlsx)?;
                    width
                }
                Cell::Date(d) => match cached_date(&mut part.last_date, d) {
                    Ok(dt) => {
                        match own {
                            Some(f) => sheet.write_datetime_with_format(row, c, dt, &f[i]),
                            None => sheet.write_datetime(row, c, dt),
                        }
                        .map_err(xlsx)?;
                        if column.kind == Kind::Timestamp {
                            16
                        } else {
                            10
                        }
                    }
                    // Not a date Excel can hold (before 1900): kept as the text on record.
                    Err(_) => {
                        sheet.write_string(row, c, d).map_err(xlsx)?;
                        display_width(d)
                    }
                },
            };
            if width > part.widths[i] {
                part.widths[i] = width;
            }
        }
        Ok(())
    }

    /// The current sheet's autofilter (a sheet's own table) and the table's
    /// totals row, once its `rows` data rows on this sheet are written.
    fn close_sheet(&mut self, rows: u64) -> Result<()> {
        let label = self.lang.pick("Total", "合计");
        let Some(part) = self.part.as_mut() else {
            return Ok(());
        };
        let last_col = col(part.table.columns.len().saturating_sub(1));
        let sheet = self.book.worksheet_from_index(part.sheet).map_err(xlsx)?;
        let top = part.origin;
        // The filter covers the header and the data; the totals row sits below it, so
        // it stays in view when rows are filtered out, and SUBTOTAL(109, …) adds up
        // only the rows still shown.
        if part.continues {
            sheet
                .autofilter(top, 0, top + rows as u32, last_col)
                .map_err(xlsx)?;
        }
        // A table of words alone (notes) has nothing to add up and no totals row.
        let adds_up = part.table.columns.iter().skip(1).any(|c| c.total);
        if rows > 0 && adds_up {
            let total_row = top + rows as u32 + 1;
            sheet
                .write_string_with_format(total_row, 0, label, &self.header)
                .map_err(xlsx)?;
            for (i, column) in part.table.columns.iter().enumerate() {
                if !column.total || i == 0 {
                    continue;
                }
                let name = column_number_to_name(col(i));
                let sum = std::mem::take(&mut part.sums[i]);
                let (result, width) = match column.kind {
                    Kind::Money => (yuan(sum), grouped_digits((sum / 100) as i64) + 3),
                    _ => (sum.to_string(), grouped_digits(sum as i64)),
                };
                part.widths[i] = part.widths[i].max(width);
                let formula = Formula::new(format!(
                    "=SUBTOTAL(109,{name}{}:{name}{total_row})",
                    top + 2
                ))
                .set_result(result);
                sheet
                    .write_formula_with_format(total_row, col(i), formula, &part.total_formats[i])
                    .map_err(xlsx)?;
            }
            part.end = total_row + 1;
        }
        Ok(())
    }

    /// Ends the current table once its `rows` data rows are written: its last
    /// sheet's totals row, and its columns' widths on every sheet it went on.
    fn end(&mut self, rows: u64) -> Result<()> {
        let before = self.part()?.before;
        self.close_sheet(rows - before)?;
        let Some(part) = self.part.as_ref() else {
            return Ok(());
        };
        for k in part.first_sheet..=part.sheet {
            let Some(seen) = self.widths.get_mut(k) else {
                continue;
            };
            if seen.len() < part.widths.len() {
                seen.resize(part.widths.len(), 0);
            }
            let sheet = self.book.worksheet_from_index(k).map_err(xlsx)?;
            for (i, w) in part.widths.iter().enumerate() {
                seen[i] = seen[i].max(*w);
                sheet
                    .set_column_width(col(i), seen[i].clamp(6, 60) as f64 + 1.0)
                    .map_err(xlsx)?;
            }
        }
        Ok(())
    }

    /// The writer thread: does each job in turn, and saves to `path` when told
    /// to. If the queue ends before that, the rows stopped coming (a cancel, an
    /// error) and nothing is saved.
    fn run(mut self, jobs: std::sync::mpsc::Receiver<Job>, path: &Path) -> Result<()> {
        for job in jobs {
            match job {
                Job::Begin(table, below) => {
                    // A blank row between what is above and this table's header.
                    let origin = below.then(|| self.next_free_row() + 1);
                    self.begin(&table, origin)?;
                }
                Job::Rows(first, cells) => {
                    let width = self.part()?.table.columns.len().max(1);
                    for (k, row) in cells.chunks(width).enumerate() {
                        self.row(first + k as u64, row)?;
                    }
                }
                Job::End(rows) => self.end(rows)?,
                Job::Save => return self.save(path),
            }
        }
        Ok(())
    }

    fn save(mut self, path: &Path) -> Result<()> {
        self.book
            .save(path)
            .map_err(|e| io_error(path, &e.to_string()))
    }
}

/// A number cell's value as the spreadsheet holds it, and its width in characters.
fn number(kind: Kind, v: i64) -> (f64, usize) {
    match kind {
        Kind::Money => (v as f64 / 100.0, grouped_digits(v / 100) + 3),
        Kind::Discount => (v as f64 / 10_000.0, 6),
        _ => (v as f64, grouped_digits(v)),
    }
}

fn col(i: usize) -> u16 {
    i as u16
}

/// Characters of a whole number written with thousands separators.
fn grouped_digits(v: i64) -> usize {
    let digits = v.unsigned_abs().checked_ilog10().unwrap_or(0) as usize + 1;
    digits + (digits - 1) / 3 + usize::from(v < 0)
}

fn xlsx(e: XlsxError) -> FolioError {
    FolioError::invalid(Code::IoError, "", format!("cannot write the workbook: {e}"))
}

// ---------------------------------------------------------------------------
// CSV

struct CsvOut {
    out: csv::Writer<BufWriter<File>>,
    table: Table,
    encoding: Encoding,
    lang: Lang,
    fields: Vec<Vec<u8>>,
}

impl CsvOut {
    fn new(file: File, table: &Table, lang: Lang, encoding: Encoding) -> Result<CsvOut> {
        let mut buf = BufWriter::with_capacity(1 << 16, file);
        if encoding == Encoding::Utf8Bom {
            buf.write_all("\u{feff}".as_bytes())?;
        }
        let out = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(buf);
        let mut me = CsvOut {
            out,
            table: table.clone(),
            encoding,
            lang,
            fields: vec![Vec::new(); table.columns.len()],
        };
        let headers: Vec<Cell> = table
            .columns
            .iter()
            .map(|c| Cell::text(c.header(lang)))
            .collect();
        me.row(0, &headers)?;
        Ok(me)
    }

    /// Row `n` of the data (0: the header); the file's line is `n + 1`.
    fn row(&mut self, n: u64, cells: &[Cell]) -> Result<()> {
        for (i, (cell, column)) in cells.iter().zip(self.table.columns).enumerate() {
            let field = &mut self.fields[i];
            field.clear();
            match cell {
                Cell::Empty => {}
                Cell::Text(s) | Cell::Date(s) => {
                    let inert;
                    let s = if looks_like_formula(s) {
                        inert = format!("'{s}");
                        inert.as_str()
                    } else {
                        s.as_str()
                    };
                    match self.encoding {
                        Encoding::Utf8Bom => field.extend_from_slice(s.as_bytes()),
                        Encoding::Gbk => {
                            let (bytes, _, unmappable) = encoding_rs::GBK.encode(s);
                            if unmappable {
                                let header = column.header(self.lang);
                                return Err(FolioError::invalid(
                                    Code::TextInvalid,
                                    format!("row {}, {header}", n + 1),
                                    format!(
                                        "row {}, column {header}: {} has a character GBK cannot hold; export in UTF-8 instead",
                                        n + 1,
                                        quote(s)
                                    ),
                                ));
                            }
                            field.extend_from_slice(&bytes);
                        }
                    }
                }
                Cell::Int(v) | Cell::Formula(_, v) => {
                    let text = match column.kind {
                        Kind::Money => yuan(*v as i128),
                        Kind::Discount => percent(*v),
                        _ => v.to_string(),
                    };
                    field.extend_from_slice(text.as_bytes());
                }
            }
        }
        self.out
            .write_record(&self.fields)
            .map_err(|e| FolioError::invalid(Code::IoError, "", format!("cannot write: {e}")))
    }

    fn finish(self) -> Result<()> {
        let buf = self
            .out
            .into_inner()
            .map_err(|e| FolioError::invalid(Code::IoError, "", format!("cannot write: {e}")))?;
        let file = buf
            .into_inner()
            .map_err(|e| FolioError::Io(e.into_error()))?;
        file.sync_all()?;
        Ok(())
    }
}

/// Fen as plain yuan, `1234.50`, `-0.05`: no currency sign and no thousands
/// separator, so that every spreadsheet and import reads it as a number.
pub fn yuan(fen: i128) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let a = fen.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// Basis points as a percentage, `65%`, `65.5%`, `65.25%`: what Excel reads as a
/// number with a percent format, and what the importers accept.
pub fn percent(bp: i64) -> String {
    let whole = bp / 100;
    match (bp % 100).abs() {
        0 => format!("{whole}%"),
        r if r % 10 == 0 => format!("{whole}.{}%", r / 10),
        r => format!("{whole}.{r:02}%"),
    }
}

// ---------------------------------------------------------------------------
// The temporary file

/// A file beside the target that is removed unless it was renamed over it.
struct TempFile {
    path: PathBuf,
    done: bool,
}

impl TempFile {
    fn beside(dest: &Path) -> Result<TempFile> {
        let dir = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| io_error(dest, "it names no file"))?;
        for attempt in 0..100u32 {
            let path = dir.join(format!(
                ".{name}.{}-{attempt}.folio-tmp",
                std::process::id()
            ));
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(_) => return Ok(TempFile { path, done: false }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(io_error(dest, &e.to_string())),
            }
        }
        Err(io_error(dest, "no temporary file could be made beside it"))
    }

    fn file(&self) -> Result<File> {
        OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&self.path)
            .map_err(|e| io_error(&self.path, &e.to_string()))
    }

    fn rename_to(mut self, dest: &Path) -> Result<()> {
        fs::rename(&self.path, dest).map_err(|e| io_error(dest, &e.to_string()))?;
        self.done = true;
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_file(&self.path);
        }
    }
}

fn io_error(path: &Path, why: &str) -> FolioError {
    FolioError::invalid(
        Code::IoError,
        "path",
        format!("cannot write {}: {why}", path.display()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_numbers() {
        for (fen, s) in [
            (0, "0.00"),
            (123450, "1234.50"),
            (-5, "-0.05"),
            (-1200, "-12.00"),
        ] {
            assert_eq!(yuan(fen), s);
        }
        for (bp, s) in [
            (6500, "65%"),
            (6550, "65.5%"),
            (6525, "65.25%"),
            (10000, "100%"),
            (5, "0.05%"),
        ] {
            assert_eq!(percent(bp), s);
        }
        for (v, w) in [(0, 1), (999, 3), (1000, 5), (-1000, 6), (1234567, 9)] {
            assert_eq!(grouped_digits(v), w, "{v}");
        }
    }
}
