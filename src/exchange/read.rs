//! Reading a user's spreadsheet into a [`Grid`]: .xlsx (and .xlsm), .xls and
//! CSV, with every limit checked before the file is read in full.
//!
//! A file is the user's, so it may be anything: what its name says, a CSV
//! saved as .xlsx, half a download, a zip bomb. Each refusal is one line that
//! says what is wrong, and nothing here panics on what a file holds: the
//! readers of the libraries run behind `catch_unwind` as well, so that a bug
//! in one of them is an unreadable file, not a crash of the app.
//!
//! Limits: at most [`MAX_FILE_BYTES`] on disk, [`MAX_ROWS`] rows and
//! [`MAX_COLUMNS`] columns; a workbook's zip entries are checked before
//! calamine opens it, each by what it says it unpacks to, by its ratio of
//! unpacked to packed bytes, and then by what it really unpacks to, so that the
//! memory a workbook can take is bounded by [`MAX_UNPACKED_BYTES`].
//!
//! CSV is decoded as UTF-8 when it is valid UTF-8 (with or without a BOM), as
//! UTF-16 when it starts with a UTF-16 BOM (Excel's "Unicode text"), else as
//! GB18030 (a superset of GBK, what Chinese Excel writes). A file that mixes
//! UTF-8 lines into GBK is refused: decoding it either way would garble part of
//! it without a word.

use std::fs::File;
use std::io::{BufReader, Read};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use calamine::{DataRef, Reader, Xls, Xlsx};

use crate::base::error::{Code, FolioError, Result};

/// The largest file read, on disk.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// The most rows a file may have, the header and blank rows included: all one
/// Excel sheet holds.
pub const MAX_ROWS: usize = 1_048_576;
/// The most columns read; a file of customers or titles has a few dozen.
pub const MAX_COLUMNS: usize = 256;
/// The most bytes a workbook's zip entries may unpack to, together.
pub const MAX_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;
/// The most an entry of more than [`RATIO_FLOOR`] bytes may unpack to per
/// packed byte. Real sheets pack 5–30 to one; a bomb packs a thousand.
pub const MAX_RATIO: u64 = 200;
const RATIO_FLOOR: u64 = 1024 * 1024;

/// One cell as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// An Excel date: the serial day number (1 = 1900-01-01), time as the fraction.
    Date(f64),
    /// A formula (its text); the values an import reads must be values.
    Formula(String),
    /// An error value the spreadsheet shows (`#N/A`, `#DIV/0!`).
    Error(String),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, the way the user sees it: for headers, and for the
    /// error report's copy of a row.
    pub fn display(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Value::Date(d) => super::values::serial_date(*d).unwrap_or_else(|| d.to_string()),
            Value::Formula(f) => format!("={}", f.trim_start_matches('=')),
            Value::Error(e) => e.clone(),
        }
    }
}

/// A row of the file: its number as the spreadsheet shows it (1-based) and its cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub number: u32,
    pub cells: Vec<Value>,
}

/// What a file holds: the header row (its number and its texts) and the rows
/// under it that are not blank.
#[derive(Debug, Clone)]
pub struct Grid {
    pub header_row: u32,
    pub headers: Vec<String>,
    pub rows: Vec<Line>,
}

fn refuse(code: Code, path: &Path, why: impl std::fmt::Display) -> FolioError {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    FolioError::invalid(code, "file", format!("{name}: {why}"))
}

fn unreadable(path: &Path, why: impl std::fmt::Display) -> FolioError {
    refuse(Code::ImportFileUnreadable, path, why)
}

/// The file formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Xlsx,
    Xls,
    Csv,
}

/// Reads the file at `path`: the first sheet that has anything on it, or the CSV.
pub fn read(path: &Path) -> Result<Grid> {
    let meta = std::fs::metadata(path).map_err(|e| {
        refuse(
            Code::ImportFileUnreadable,
            path,
            format!("cannot be opened ({e})"),
        )
    })?;
    if meta.is_dir() {
        return Err(unreadable(path, "is a folder, not a file"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(refuse(
            Code::ImportFileTooLarge,
            path,
            format!(
                "is {} MB; files of at most {} MB are imported (split it, or save it as .xlsx, which is smaller)",
                meta.len().div_ceil(1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    if meta.len() == 0 {
        return Err(refuse(Code::ImportFileEmpty, path, "is empty"));
    }
    let mut magic = [0u8; 8];
    let got = File::open(path)?.read(&mut magic)?;
    let magic = &magic[..got];
    let zip = magic.starts_with(b"PK\x03\x04");
    let ole = magic.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let shape = match ext.as_str() {
        "xlsx" | "xlsm" if zip => Shape::Xlsx,
        // An .xls that is really a newer workbook is common (renamed by hand).
        "xls" if zip => Shape::Xlsx,
        "xls" if ole => Shape::Xls,
        "xlsx" | "xlsm" | "xls" if magic.starts_with(b"PK") => {
            return Err(unreadable(
                path,
                "is a damaged or incomplete workbook (not a whole zip file)",
            ))
        }
        "xlsx" | "xlsm" | "xls" => {
            return Err(unreadable(
                path,
                format!(
                    "is not an Excel workbook, whatever its name says{}",
                    if looks_like_text(magic) {
                        " (it looks like text: save it as .csv)"
                    } else {
                        ""
                    }
                ),
            ))
        }
        "csv" | "txt" | "tsv" => Shape::Csv,
        _ => {
            return Err(refuse(
                Code::ImportFormatUnknown,
                path,
                "is not a file Folio imports: use .xlsx, .xls or .csv",
            ))
        }
    };
    let rows = match shape {
        Shape::Xlsx => guarded(path, || read_xlsx(path))?,
        Shape::Xls => guarded(path, || read_xls(path))?,
        Shape::Csv => read_csv(path)?,
    };
    grid(path, rows)
}

fn looks_like_text(b: &[u8]) -> bool {
    !b.is_empty()
        && b.iter()
            .all(|&c| c >= 0x20 || c == b'\t' || c == b'\r' || c == b'\n' || c >= 0x80)
}

/// Runs a library's reader so that a panic in it is an unreadable file.
fn guarded<T>(path: &Path, f: impl FnOnce() -> Result<T>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(_) => Err(unreadable(
            path,
            "could not be read (the workbook is damaged)",
        )),
    }
}

/// The header (the first row with anything in it) and the rows below it that
/// are not blank.
fn grid(path: &Path, rows: Vec<Line>) -> Result<Grid> {
    let mut it = rows
        .into_iter()
        .filter(|l| l.cells.iter().any(|c| !c.is_empty()));
    let header = it
        .next()
        .ok_or_else(|| refuse(Code::ImportFileEmpty, path, "has no rows"))?;
    let headers: Vec<String> = header
        .cells
        .iter()
        .map(|c| c.display().trim().to_string())
        .collect();
    let rows: Vec<Line> = it.collect();
    if rows.is_empty() {
        return Err(refuse(
            Code::ImportNoRows,
            path,
            format!(
                "has a header row (row {}) but nothing under it",
                header.number
            ),
        ));
    }
    Ok(Grid {
        header_row: header.number,
        headers,
        rows,
    })
}

fn too_many_rows(path: &Path) -> FolioError {
    refuse(
        Code::ImportTooManyRows,
        path,
        format!("has more than {MAX_ROWS} rows, all one sheet holds; split it"),
    )
}

fn too_many_columns(path: &Path) -> FolioError {
    refuse(
        Code::ImportTooManyColumns,
        path,
        format!("has more than {MAX_COLUMNS} columns"),
    )
}

/// Checks a workbook's zip entries before anything unpacks them: what each says
/// it unpacks to, its ratio, and then (unpacked into nothing) what it really does.
fn check_zip(path: &Path) -> Result<()> {
    let bomb = |why: String| refuse(Code::ImportFileTooLarge, path, why);
    let file = BufReader::new(File::open(path)?);
    let mut zip = zip::ZipArchive::new(file)
        .map_err(|e| unreadable(path, format!("is a damaged workbook ({e})")))?;
    if zip.len() > 10_000 {
        return Err(unreadable(path, "is not a workbook (too many parts)"));
    }
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| unreadable(path, format!("is a damaged workbook ({e})")))?;
        let size = entry.size();
        let packed = entry.compressed_size().max(1);
        declared = declared.saturating_add(size);
        if size > RATIO_FLOOR && size / packed > MAX_RATIO {
            return Err(bomb(format!(
                "unpacks {} to one (a zip bomb?); workbooks that unpack more than {MAX_RATIO} to one are refused",
                size / packed
            )));
        }
    }
    if declared > MAX_UNPACKED_BYTES {
        return Err(bomb(format!(
            "unpacks to {} MB; at most {} MB are read",
            declared / (1024 * 1024),
            MAX_UNPACKED_BYTES / (1024 * 1024)
        )));
    }
    // What an entry says is not what it does: unpack each into nothing, at most
    // one byte past what it declared.
    let mut sink = [0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| unreadable(path, format!("is a damaged workbook ({e})")))?;
        let size = entry.size();
        let mut limited = (&mut entry).take(size.saturating_add(1));
        let mut got: u64 = 0;
        loop {
            let n = limited
                .read(&mut sink)
                .map_err(|e| unreadable(path, format!("is a damaged workbook ({e})")))?;
            if n == 0 {
                break;
            }
            got += n as u64;
        }
        if got > size {
            return Err(bomb(
                "unpacks to more than it says it holds (a zip bomb?)".to_string(),
            ));
        }
    }
    Ok(())
}

/// Appends cell `col` of row `row` (0-based) to `rows`, which are kept in order.
fn place(path: &Path, rows: &mut Vec<Line>, row: u32, col: u32, v: Value) -> Result<()> {
    if row as usize >= MAX_ROWS {
        return Err(too_many_rows(path));
    }
    let col = col as usize;
    if col >= MAX_COLUMNS {
        if v.is_empty() {
            return Ok(());
        }
        return Err(too_many_columns(path));
    }
    let number = row + 1;
    match rows.last() {
        Some(l) if l.number == number => {}
        Some(l) if l.number > number => {
            return Err(unreadable(
                path,
                "has its rows out of order; open it in Excel and save it again",
            ))
        }
        _ => rows.push(Line {
            number,
            cells: Vec::new(),
        }),
    }
    let Some(line) = rows.last_mut() else {
        return Ok(());
    };
    if line.cells.len() <= col {
        line.cells.resize(col + 1, Value::Empty);
    }
    line.cells[col] = v;
    Ok(())
}

fn read_xlsx(path: &Path) -> Result<Vec<Line>> {
    check_zip(path)?;
    let file = BufReader::new(File::open(path)?);
    let mut wb: Xlsx<_> = Xlsx::new(file)
        .map_err(|e| unreadable(path, format!("is not a workbook Folio can read ({e})")))?;
    let epoch = if wb.has_1904_epoch() { 1462.0 } else { 0.0 };
    for name in wb.sheet_names() {
        let mut rows: Vec<Line> = Vec::new();
        let mut cells = wb
            .worksheet_cells_reader(&name)
            .map_err(|e| unreadable(path, format!("sheet {name} cannot be read ({e})")))?;
        while let Some(c) = cells
            .next_cell_with_formula()
            .map_err(|e| unreadable(path, format!("sheet {name} cannot be read ({e})")))?
        {
            let v = match c.formula.filter(|f| !f.trim().is_empty()) {
                Some(f) => Value::Formula(f),
                None => from_ref(c.value, epoch),
            };
            place(path, &mut rows, c.pos.0, c.pos.1, v)?;
        }
        if rows.iter().any(|l| l.cells.iter().any(|c| !c.is_empty())) {
            return Ok(rows);
        }
    }
    Ok(Vec::new())
}

fn from_ref(v: DataRef, epoch: f64) -> Value {
    match v {
        DataRef::Int(i) => Value::Int(i),
        DataRef::Float(f) => Value::Float(f),
        DataRef::String(s) => Value::Text(s),
        DataRef::SharedString(s) => Value::Text(s.to_string()),
        DataRef::Bool(b) => Value::Bool(b),
        DataRef::DateTime(d) if d.is_datetime() => Value::Date(d.as_f64() + epoch),
        DataRef::DateTime(d) => Value::Float(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::Text(s),
        DataRef::Error(e) => Value::Error(e.to_string()),
        DataRef::Empty => Value::Empty,
    }
}

fn from_data(v: &calamine::Data) -> Value {
    use calamine::Data;
    match v {
        Data::Int(i) => Value::Int(*i),
        Data::Float(f) => Value::Float(*f),
        Data::String(s) => Value::Text(s.clone()),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) if d.is_datetime() => Value::Date(d.as_f64()),
        Data::DateTime(d) => Value::Float(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
        Data::Empty => Value::Empty,
    }
}

/// An .xls (BIFF) workbook: at most 65,536 rows of 256 columns, read whole by
/// calamine (the format has no streaming reader); the file's 50 MB bound its size.
fn read_xls(path: &Path) -> Result<Vec<Line>> {
    let file = BufReader::new(File::open(path)?);
    let mut wb: Xls<_> = Xls::new(file)
        .map_err(|e| unreadable(path, format!("is not a workbook Folio can read ({e})")))?;
    for name in wb.sheet_names() {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| unreadable(path, format!("sheet {name} cannot be read ({e})")))?;
        let Some((r0, c0)) = range.start() else {
            continue;
        };
        let mut rows: Vec<Line> = Vec::new();
        for (i, row) in range.rows().enumerate() {
            for (j, v) in row.iter().enumerate() {
                if *v == calamine::Data::Empty {
                    continue;
                }
                place(path, &mut rows, r0 + i as u32, c0 + j as u32, from_data(v))?;
            }
        }
        if !rows.is_empty() {
            return Ok(rows);
        }
    }
    Ok(Vec::new())
}

fn read_csv(path: &Path) -> Result<Vec<Line>> {
    let bytes = std::fs::read(path)?;
    let text = decode(path, &bytes)?;
    let delimiter = delimiter(&text);
    check_columns(path, &text, delimiter)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut number: u32 = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(unreadable(
                    path,
                    format!("row {} cannot be read ({e})", number + 1),
                ))
            }
        }
        number += 1;
        if number as usize > MAX_ROWS {
            return Err(too_many_rows(path));
        }
        let cells: Vec<Value> = record
            .iter()
            .map(|s| {
                if s.is_empty() {
                    Value::Empty
                } else {
                    Value::Text(unquote_formula(s).to_string())
                }
            })
            .collect();
        rows.push(Line { number, cells });
    }
    Ok(rows)
}

/// Text a CSV export kept from running as a formula (`'=…`, see `write`) is
/// read back as the text it was; any other leading quote is the user's own.
fn unquote_formula(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if super::sheet::looks_like_formula(rest) => rest,
        _ => s,
    }
}

/// Comma, unless the first line has more semicolons or tabs than commas (a
/// European Excel's CSV, or tab-separated text).
fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let count = |c| first.matches(c).count();
    let (comma, semi, tab) = (count(','), count(';'), count('\t'));
    if tab > comma && tab >= semi {
        b'\t'
    } else if semi > comma {
        b';'
    } else {
        b','
    }
}

/// Refuses a line of more than [`MAX_COLUMNS`] cells before the CSV reader makes
/// a record of them (a line of a million commas would be a million cells).
fn check_columns(path: &Path, text: &str, delimiter: u8) -> Result<()> {
    let mut quoted = false;
    let mut cells = 1usize;
    for &b in text.as_bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => cells = 1,
            _ if b == delimiter && !quoted => {
                cells += 1;
                if cells > MAX_COLUMNS {
                    return Err(too_many_columns(path));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The text of a CSV file, decoded as its bytes say (see the module's note).
fn decode(path: &Path, bytes: &[u8]) -> Result<String> {
    if let Some(body) = bytes
        .strip_prefix(&[0xFF, 0xFE])
        .map(|b| (b, encoding_rs::UTF_16LE))
        .or_else(|| {
            bytes
                .strip_prefix(&[0xFE, 0xFF])
                .map(|b| (b, encoding_rs::UTF_16BE))
        })
    {
        let (b, enc) = body;
        let text = enc
            .decode_without_bom_handling_and_without_replacement(b)
            .ok_or_else(|| unreadable(path, "says it is UTF-16 but is not"))?;
        return text_only(path, text.into_owned());
    }
    let (body, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(b) => (b, true),
        None => (bytes, false),
    };
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(refuse(
            Code::ImportFileEmpty,
            path,
            if bom {
                "holds nothing but a byte-order mark"
            } else {
                "holds nothing"
            },
        ));
    }
    if let Ok(s) = std::str::from_utf8(body) {
        return text_only(path, s.to_string());
    }
    if bom {
        let at = std::str::from_utf8(body)
            .err()
            .map_or(0, |e| e.valid_up_to() + 3);
        return Err(unreadable(
            path,
            format!("says it is UTF-8 but is not (at byte {at})"),
        ));
    }
    // Not UTF-8: GBK, unless some lines are UTF-8 (a file pasted together from two).
    for (i, line) in body.split(|&b| b == b'\n').enumerate() {
        let high = line.iter().filter(|&&b| b >= 0x80).count();
        if high >= 3 && std::str::from_utf8(line).is_ok() {
            return Err(unreadable(
                path,
                format!(
                    "mixes encodings: line {} is UTF-8 and others are not; save the whole file as UTF-8",
                    i + 1
                ),
            ));
        }
    }
    let text = encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(body)
        .ok_or_else(|| {
            unreadable(
                path,
                "is neither UTF-8 nor GBK text (is it a spreadsheet saved under another name?)",
            )
        })?;
    text_only(path, text.into_owned())
}

/// Refuses text with NUL characters: no spreadsheet's CSV has them, a binary file does.
fn text_only(path: &Path, text: String) -> Result<String> {
    if text.contains('\0') {
        return Err(unreadable(
            path,
            "is not a text file (it holds NUL bytes): is it a spreadsheet saved under another name?",
        ));
    }
    Ok(text)
}
