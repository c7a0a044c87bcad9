//! Imports: customers, titles, opening stock and opening receivables from a
//! user's .xlsx, .xls or CSV file.
//!
//! An import is read ([`super::read`]), its header row matched to fields (by
//! aliases in Chinese and English, a mapping the caller gives, and the mapping
//! the last import of the same kind used, kept in the setting
//! `import_mapping.<kind>`), and every row turned into the same input the
//! forms send, checked by the same core functions (`customers::validate`,
//! `catalog::validate_title`, `stock`'s quantities, `receivables`' opening
//! balances). [`preview`] stops there and writes nothing. [`import`] then
//! writes every row in one `Store::write` (one transaction, one audit row):
//! all or nothing unless `skip_invalid`, when the good rows go in and the bad
//! ones go to an error report (.xlsx) that can be fixed and imported again.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::base::error::{Code, ErrorPayload, FolioError, Result};
use crate::base::progress::Progress;
use crate::base::search;
use crate::base::text::quote;
use crate::crm::customers::{self, Contact, CustomerInput, CustomerKind, Settlement};
use crate::store::Store;
use crate::trade::catalog::{self, TitleInput};
use crate::trade::{receivables, stock};

use super::read::{self, Grid, Line, Value};
use super::sheet::{Cell, Column, Kind as ColumnKind, Lang, Table};
use super::values::{self, Carry};
use super::write::{write_table, Format, Options};

/// What is being imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Customers,
    /// Titles (the catalogue): one ISBN at one list price per row.
    Books,
    /// Opening stock: copies on hand of titles already on file.
    Stock,
    /// Opening receivables: what customers on file owed when they came over.
    Receivables,
}

impl ImportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Customers => "customers",
            ImportKind::Books => "books",
            ImportKind::Stock => "stock",
            ImportKind::Receivables => "receivables",
        }
    }

    pub fn parse(s: &str) -> Result<ImportKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "customers" => Ok(ImportKind::Customers),
            "books" | "titles" => Ok(ImportKind::Books),
            "stock" => Ok(ImportKind::Stock),
            "receivables" => Ok(ImportKind::Receivables),
            _ => Err(FolioError::invalid(
                Code::KindInvalid,
                "kind",
                format!(
                    "import kind {} must be customers, books, stock or receivables",
                    quote(s)
                ),
            )),
        }
    }

    fn fields(self) -> &'static [Field] {
        match self {
            ImportKind::Customers => CUSTOMER_FIELDS,
            ImportKind::Books => BOOK_FIELDS,
            ImportKind::Stock => STOCK_FIELDS,
            ImportKind::Receivables => RECEIVABLE_FIELDS,
        }
    }

    /// The setting the mapping of the last import of this kind is kept under.
    pub fn mapping_key(self) -> String {
        format!("import_mapping.{}", self.as_str())
    }
}

/// How to import.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct ImportOptions {
    /// Existing records with the same code (customers) or ISBN and price
    /// (titles) are updated instead of being errors.
    pub update: bool,
    /// Imports the good rows and writes the bad ones to an error report.
    pub skip_invalid: bool,
    /// Header → field, over the aliases and the remembered mapping; a field of
    /// `""` or `"-"` leaves the column out.
    pub mapping: BTreeMap<String, String>,
    /// Where the error report goes; beside the file when not given.
    #[ts(type = "string | null")]
    pub report: Option<PathBuf>,
}

/// One problem, where the user will look for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RowError {
    /// The row as the spreadsheet numbers it (the header row included).
    pub row: u32,
    /// The column's header as the file has it; blank for the row as a whole.
    pub column: String,
    pub message: String,
    #[ts(type = "string")]
    pub code: Code,
}

/// A row that looks like a customer already on file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LikelyExisting {
    pub row: u32,
    pub code: String,
    pub name: String,
    /// What they share: `phone`, `tax_id` or `name`.
    pub by: String,
}

/// A header of the file and the field it was matched to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ColumnMatch {
    pub header: String,
    /// The field; `None` for a column left out (unknown, or mapped to nothing).
    pub field: Option<String>,
    /// `alias`, `mapping` (given by the caller), `remembered` or `none`.
    pub by: String,
}

/// A field of an import kind, for a mapping screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FieldInfo {
    pub name: String,
    pub required: bool,
    pub en: String,
    pub zh: String,
}

/// What a dry run found. Nothing was written.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportPreview {
    pub kind: ImportKind,
    pub header_row: u32,
    pub headers: Vec<String>,
    pub columns: Vec<ColumnMatch>,
    /// Headers matched to no field (not an error by themselves).
    pub unknown: Vec<String>,
    /// Required fields that no column gives: the import is refused.
    pub missing: Vec<String>,
    /// Data rows (blank rows left out).
    pub rows: u32,
    /// Rows that would be added, and rows that would update a record on file.
    pub new: u32,
    pub updates: u32,
    /// Rows with at least one problem.
    pub invalid: u32,
    pub errors: Vec<RowError>,
    /// Rows that look like a customer on file (at most [`MAX_LIKELY`]).
    pub existing: Vec<LikelyExisting>,
    pub fields: Vec<FieldInfo>,
}

/// What an import did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportReport {
    pub kind: ImportKind,
    /// Rows written: added and updated.
    pub imported: u32,
    pub updated: u32,
    /// Bad rows left out (with `skip_invalid`), written to `report`.
    pub skipped: u32,
    /// True when nothing was written because some row was bad (not `skip_invalid`).
    pub refused: bool,
    pub errors: Vec<RowError>,
    #[ts(type = "string | null")]
    pub report: Option<PathBuf>,
    /// Stock documents posted (opening stock).
    pub documents: Vec<String>,
}

/// The most rows named as looking like a customer on file.
pub const MAX_LIKELY: usize = 500;

/// Rows between progress reports (and checks for cancel).
const REPORT_EVERY: usize = 1000;

struct Field {
    name: &'static str,
    carry: Carry,
    required: bool,
    en: &'static str,
    zh: &'static str,
    aliases: &'static [&'static str],
}

const fn f(
    name: &'static str,
    carry: Carry,
    required: bool,
    en: &'static str,
    zh: &'static str,
    aliases: &'static [&'static str],
) -> Field {
    Field {
        name,
        carry,
        required,
        en,
        zh,
        aliases,
    }
}

use Carry as C;

const CUSTOMER_FIELDS: &[Field] = &[
    f(
        "code",
        C::Code,
        false,
        "Code",
        "客户编号",
        &[
            "编号",
            "客户编号",
            "客户代码",
            "代码",
            "code",
            "customer code",
            "customer id",
            "id",
        ],
    ),
    f(
        "name",
        C::Text,
        true,
        "Name",
        "客户名称",
        &[
            "客户名称",
            "名称",
            "客户",
            "客户名",
            "单位名称",
            "name",
            "customer",
            "customer name",
        ],
    ),
    f(
        "kind",
        C::Text,
        false,
        "Type",
        "类型",
        &["类型", "客户类型", "类别", "type", "kind"],
    ),
    f(
        "region",
        C::Text,
        false,
        "Region",
        "地区",
        &["地区", "区域", "城市", "region", "area", "city"],
    ),
    f(
        "address",
        C::Text,
        false,
        "Address",
        "地址",
        &["地址", "address"],
    ),
    f(
        "contact",
        C::Text,
        false,
        "Contact",
        "联系人",
        &["联系人", "contact", "contact name"],
    ),
    f(
        "phone",
        C::Code,
        false,
        "Phone",
        "电话",
        &[
            "电话",
            "手机",
            "联系电话",
            "手机号",
            "phone",
            "mobile",
            "tel",
            "telephone",
        ],
    ),
    f(
        "email",
        C::Text,
        false,
        "Email",
        "邮箱",
        &["邮箱", "电子邮件", "email", "e-mail"],
    ),
    f(
        "tax_id",
        C::Code,
        false,
        "Tax id",
        "税号",
        &[
            "税号",
            "纳税人识别号",
            "统一社会信用代码",
            "tax id",
            "tax number",
        ],
    ),
    f(
        "discount",
        C::Discount,
        false,
        "Discount",
        "折扣",
        &["折扣", "discount"],
    ),
    f(
        "credit_limit",
        C::Money,
        false,
        "Credit limit",
        "信用额度",
        &["信用额度", "额度", "credit limit", "credit"],
    ),
    f(
        "payment_terms_days",
        C::Quantity,
        false,
        "Payment terms",
        "账期",
        &["账期", "账期天数", "付款期限", "payment terms", "terms"],
    ),
    f(
        "settlement",
        C::Text,
        false,
        "Settlement",
        "结算方式",
        &["结算方式", "settlement"],
    ),
    f(
        "notes",
        C::Text,
        false,
        "Notes",
        "备注",
        &["备注", "notes", "note", "remarks"],
    ),
];

const BOOK_FIELDS: &[Field] = &[
    f(
        "isbn",
        C::Isbn,
        true,
        "ISBN",
        "ISBN",
        &["isbn", "书号", "isbn号", "条码"],
    ),
    f(
        "title",
        C::Text,
        true,
        "Title",
        "书名",
        &["书名", "题名", "名称", "title"],
    ),
    f(
        "list_price",
        C::Money,
        true,
        "List price",
        "定价",
        &["定价", "价格", "单价", "price", "list price"],
    ),
    f(
        "subtitle",
        C::Text,
        false,
        "Subtitle",
        "副书名",
        &["副书名", "副题名", "subtitle"],
    ),
    f(
        "authors",
        C::Text,
        false,
        "Authors",
        "作者",
        &["作者", "著者", "author", "authors"],
    ),
    f(
        "translator",
        C::Text,
        false,
        "Translator",
        "译者",
        &["译者", "translator"],
    ),
    f(
        "publisher",
        C::Text,
        false,
        "Publisher",
        "出版社",
        &["出版社", "publisher"],
    ),
    f(
        "edition",
        C::Text,
        false,
        "Edition",
        "版次",
        &["版次", "edition"],
    ),
    f(
        "pub_date",
        C::PubDate,
        false,
        "Publication date",
        "出版日期",
        &["出版日期", "出版时间", "publication date", "pub date"],
    ),
    f(
        "category_code",
        C::Code,
        false,
        "CLC class",
        "中图法分类",
        &[
            "中图法",
            "中图法分类",
            "分类号",
            "clc",
            "clc class",
            "category",
        ],
    ),
    f(
        "bin",
        C::Code,
        false,
        "Bin",
        "库位",
        &["库位", "货位", "bin", "location"],
    ),
    f(
        "reorder_point",
        C::Quantity,
        false,
        "Reorder point",
        "补货点",
        &["补货点", "最低库存", "reorder point"],
    ),
    f(
        "supplier",
        C::Text,
        false,
        "Supplier",
        "供应商",
        &["供应商", "supplier"],
    ),
];

const STOCK_FIELDS: &[Field] = &[
    f(
        "isbn",
        C::Isbn,
        true,
        "ISBN",
        "ISBN",
        &["isbn", "书号", "isbn号", "条码"],
    ),
    f(
        "list_price",
        C::Money,
        false,
        "List price",
        "定价",
        &["定价", "价格", "单价", "price", "list price"],
    ),
    f(
        "quantity",
        C::Quantity,
        true,
        "Quantity",
        "数量",
        &[
            "数量",
            "库存",
            "库存数量",
            "册数",
            "quantity",
            "qty",
            "on hand",
        ],
    ),
    f(
        "discount",
        C::Discount,
        false,
        "Discount",
        "折扣",
        &["折扣", "进货折扣", "discount"],
    ),
    f(
        "cost",
        C::Money,
        false,
        "Unit cost",
        "成本价",
        &["成本", "成本价", "进价", "cost", "unit cost"],
    ),
    f("title", C::Text, false, "Title", "书名", &["书名", "title"]),
];

const RECEIVABLE_FIELDS: &[Field] = &[
    f(
        "code",
        C::Code,
        true,
        "Customer code",
        "客户编号",
        &["客户编号", "编号", "客户代码", "code", "customer code"],
    ),
    f(
        "name",
        C::Text,
        false,
        "Customer",
        "客户名称",
        &["客户名称", "客户", "名称", "name", "customer"],
    ),
    f(
        "balance",
        C::Money,
        true,
        "Balance",
        "余额",
        &[
            "余额",
            "期初余额",
            "应收",
            "应收余额",
            "金额",
            "balance",
            "opening balance",
            "amount",
        ],
    ),
    f(
        "date",
        C::Date,
        false,
        "Date",
        "日期",
        &["日期", "期初日期", "date"],
    ),
];

/// A header as it is compared: full-width forms made half-width, case, spaces,
/// `*` (a required-column mark) and a unit in brackets (`定价(元)`) left out.
pub fn header_key(h: &str) -> String {
    let half: String = h
        .chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    let cut = match half.find('(') {
        Some(i) if i > 0 && half.trim_end().ends_with(')') => &half[..i],
        _ => &half,
    };
    cut.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | ':' | '_'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The fields of `kind`, for a mapping screen.
pub fn fields(kind: ImportKind) -> Vec<FieldInfo> {
    kind.fields()
        .iter()
        .map(|f| FieldInfo {
            name: f.name.to_string(),
            required: f.required,
            en: f.en.to_string(),
            zh: f.zh.to_string(),
        })
        .collect()
}

/// Which field each column is, and how that was decided.
struct Mapping {
    /// Per column: the index of its field in `kind.fields()`.
    field: Vec<Option<usize>>,
    columns: Vec<ColumnMatch>,
    /// Header key → field, for the mapping to remember (given or remembered ones).
    remember: BTreeMap<String, String>,
    missing: Vec<String>,
}

fn column_name(headers: &[String], i: usize) -> String {
    match headers.get(i).map(|h| h.trim()).filter(|h| !h.is_empty()) {
        Some(h) => h.to_string(),
        None => format!(
            "column {}",
            rust_xlsxwriter::utility::column_number_to_name(i.min(16_383) as u16)
        ),
    }
}

fn map_columns(
    store: &Store,
    kind: ImportKind,
    headers: &[String],
    given: &BTreeMap<String, String>,
) -> Result<Mapping> {
    let fields = kind.fields();
    let find = |name: &str| fields.iter().position(|f| f.name == name.trim());
    let remembered: BTreeMap<String, String> = store
        .setting(&kind.mapping_key())?
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    // Each given header must be one of the file's, and each field one of the kind's.
    let mut given_keys: HashMap<String, Option<usize>> = HashMap::new();
    for (h, field) in given {
        let k = header_key(h);
        if !keys.contains(&k) {
            return Err(FolioError::invalid(
                Code::ImportMappingInvalid,
                "mapping",
                format!("the file has no column {}", quote(h)),
            ));
        }
        let to = match field.trim() {
            "" | "-" => None,
            name => Some(find(name).ok_or_else(|| {
                FolioError::invalid(
                    Code::ImportMappingInvalid,
                    "mapping",
                    format!(
                        "{} is not a field of a {} import: use one of {}",
                        quote(field),
                        kind.as_str(),
                        fields.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
                    ),
                )
            })?),
        };
        given_keys.insert(k, to);
    }
    let mut out = Mapping {
        field: Vec::new(),
        columns: Vec::new(),
        remember: remembered.clone(),
        missing: Vec::new(),
    };
    let mut taken: HashMap<usize, usize> = HashMap::new();
    for (i, key) in keys.iter().enumerate() {
        let (to, by) = if let Some(to) = given_keys.get(key) {
            out.remember.insert(
                key.clone(),
                to.map_or("-".to_string(), |t| fields[t].name.to_string()),
            );
            (*to, "mapping")
        } else if let Some(name) = remembered.get(key) {
            (find(name), "remembered")
        } else if key.is_empty() {
            (None, "none")
        } else {
            match fields
                .iter()
                .position(|f| f.aliases.iter().any(|a| header_key(a) == *key))
            {
                Some(t) => (Some(t), "alias"),
                None => (None, "none"),
            }
        };
        if let Some(t) = to {
            if let Some(&j) = taken.get(&t) {
                return Err(FolioError::invalid(
                    Code::ImportColumnTwice,
                    "mapping",
                    format!(
                        "columns {} and {} are both {}; map one of them to another field or to nothing",
                        quote(&column_name(headers, j)),
                        quote(&column_name(headers, i)),
                        fields[t].name
                    ),
                ));
            }
            taken.insert(t, i);
        }
        out.field.push(to);
        out.columns.push(ColumnMatch {
            header: column_name(headers, i),
            field: to.map(|t| fields[t].name.to_string()),
            by: if to.is_none() && by != "mapping" {
                "none"
            } else {
                by
            }
            .to_string(),
        });
    }
    out.missing = fields
        .iter()
        .enumerate()
        .filter(|(t, f)| f.required && !taken.contains_key(t))
        .map(|(_, f)| format!("{} ({})", f.zh, f.name))
        .collect();
    Ok(out)
}

/// A row's values by field name, as text the core reads, and the problems of
/// cells that could not be read at all.
struct RowText<'a> {
    line: &'a Line,
    fields: &'static [Field],
    /// Per field of the kind (in `fields` order): the cell's text, blank when no
    /// column gives the field.
    values: Vec<String>,
    /// Per field: the column it came from, for messages (blank when none).
    columns: &'a [String],
    errors: Vec<RowError>,
}

impl RowText<'_> {
    fn at(&self, field: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == field)
    }

    fn get(&self, field: &str) -> &str {
        self.at(field).map_or("", |t| self.values[t].as_str())
    }

    fn column(&self, field: &str) -> String {
        self.at(field)
            .map(|t| self.columns[t].clone())
            .unwrap_or_default()
    }

    fn error(&mut self, field: &str, code: Code, message: String) {
        self.errors.push(RowError {
            row: self.line.number,
            column: self.column(field),
            message,
            code,
        });
    }

    fn refusal(&mut self, field_of: impl Fn(&str) -> &str, e: &ErrorPayload) {
        let field = e.field.as_deref().map(&field_of).unwrap_or("");
        let column = self.column(field);
        self.errors.push(RowError {
            row: self.line.number,
            column,
            message: e.message.clone(),
            code: e.code,
        });
    }
}

/// Per field of `kind`, the name of the column it comes from (blank for none):
/// worked out once per file, not once per row.
fn field_columns(kind: ImportKind, grid: &Grid, mapping: &Mapping) -> Vec<String> {
    let mut out = vec![String::new(); kind.fields().len()];
    for (i, to) in mapping.field.iter().enumerate() {
        if let Some(t) = *to {
            out[t] = column_name(&grid.headers, i);
        }
    }
    out
}

fn row_text<'a>(
    kind: ImportKind,
    mapping: &Mapping,
    columns: &'a [String],
    line: &'a Line,
) -> RowText<'a> {
    let fields = kind.fields();
    let mut out = RowText {
        line,
        fields,
        values: vec![String::new(); fields.len()],
        columns,
        errors: Vec::new(),
    };
    for (i, to) in mapping.field.iter().enumerate() {
        let Some(t) = *to else { continue };
        let cell = line.cells.get(i).unwrap_or(&Value::Empty);
        match values::text(fields[t].carry, cell) {
            Ok(s) => out.values[t] = s,
            Err(message) => out.errors.push(RowError {
                row: line.number,
                column: columns[t].clone(),
                message,
                code: Code::ImportCell,
            }),
        }
    }
    out
}

/// What one good row will write.
enum Planned {
    NewCustomer(Box<customers::Valid>),
    UpdateCustomer(i64, Box<customers::Valid>),
    NewTitle(Box<catalog::ValidTitle>),
    UpdateTitle(i64, Box<catalog::ValidTitle>),
    Stock(stock::LineSpec),
    Opening {
        customer_id: i64,
        fen: i64,
        date: chrono::NaiveDate,
    },
}

impl Planned {
    fn is_update(&self) -> bool {
        matches!(self, Planned::UpdateCustomer(..) | Planned::UpdateTitle(..))
    }
}

/// A file read, matched and checked: what a preview shows and an import writes.
struct Plan {
    kind: ImportKind,
    /// The file's header and, once checked, only its bad rows (the error report's):
    /// the good ones live on as `good`, and are not held twice.
    grid: Grid,
    /// Rows the file has, and the most cells any of them has.
    rows: u32,
    width: usize,
    mapping: Mapping,
    good: Vec<(u32, Planned)>,
    errors: Vec<RowError>,
    /// Rows (by number) with at least one problem.
    bad: HashSet<u32>,
    existing: Vec<LikelyExisting>,
}

/// Reads and checks `path` as an import of `kind`: nothing is written.
pub fn preview(
    store: &Store,
    kind: ImportKind,
    path: &Path,
    opts: &ImportOptions,
    progress: &dyn Progress,
) -> Result<ImportPreview> {
    let plan = plan(store, kind, path, opts, progress)?;
    Ok(summary(kind, &plan))
}

fn summary(kind: ImportKind, plan: &Plan) -> ImportPreview {
    let mut errors = plan.errors.clone();
    if !plan.mapping.missing.is_empty() {
        errors.insert(0, missing_error(plan).payload_row(plan.grid.header_row));
    }
    ImportPreview {
        kind,
        header_row: plan.grid.header_row,
        headers: plan.grid.headers.clone(),
        unknown: plan
            .mapping
            .columns
            .iter()
            .filter(|c| c.field.is_none() && c.by == "none")
            .map(|c| c.header.clone())
            .collect(),
        columns: plan.mapping.columns.clone(),
        missing: plan.mapping.missing.clone(),
        rows: plan.rows,
        new: plan.good.iter().filter(|(_, p)| !p.is_update()).count() as u32,
        updates: plan.good.iter().filter(|(_, p)| p.is_update()).count() as u32,
        invalid: plan.bad.len() as u32,
        errors,
        existing: plan.existing.clone(),
        fields: fields(kind),
    }
}

fn missing_error(plan: &Plan) -> FolioError {
    FolioError::invalid(
        Code::ImportColumnsMissing,
        "mapping",
        format!(
            "the file has no column for {} (headers found: {}); map a column to each",
            plan.mapping.missing.join(", "),
            plan.grid
                .headers
                .iter()
                .filter(|h| !h.is_empty())
                .map(|h| quote(h))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )
}

trait PayloadRow {
    fn payload_row(&self, row: u32) -> RowError;
}

impl PayloadRow for FolioError {
    fn payload_row(&self, row: u32) -> RowError {
        RowError {
            row,
            column: String::new(),
            message: self.to_string(),
            code: self.code(),
        }
    }
}

/// Reads, matches and checks every row.
fn plan(
    store: &Store,
    kind: ImportKind,
    path: &Path,
    opts: &ImportOptions,
    progress: &dyn Progress,
) -> Result<Plan> {
    let grid = read::read(path)?;
    let mapping = map_columns(store, kind, &grid.headers, &opts.mapping)?;
    let mut plan = Plan {
        kind,
        good: Vec::with_capacity(grid.rows.len()),
        errors: Vec::new(),
        bad: HashSet::new(),
        existing: Vec::new(),
        rows: grid.rows.len() as u32,
        width: grid.rows.iter().map(|l| l.cells.len()).max().unwrap_or(0),
        mapping,
        grid: Grid {
            header_row: grid.header_row,
            headers: grid.headers.clone(),
            rows: Vec::new(),
        },
    };
    if !plan.mapping.missing.is_empty() {
        plan.grid = grid;
        return Ok(plan);
    }
    let total = grid.rows.len() as u64;
    let header_keys: Vec<String> = grid.headers.iter().map(|h| header_key(h)).collect();
    let mut checker = Checker::new(store, kind, opts)?;
    let columns = field_columns(kind, &grid, &plan.mapping);
    for (n, line) in grid.rows.iter().enumerate() {
        if n % REPORT_EVERY == 0 {
            progress.step(n as u64, total)?;
        }
        let mut row = row_text(kind, &plan.mapping, &columns, line);
        // A row that repeats the header (two sheets pasted together): compared
        // cell by cell only when its first cell already matches.
        let repeats = header_keys.len() >= 2
            && line.cells.len() >= 2
            && header_keys
                .iter()
                .zip(&line.cells)
                .all(|(h, c)| *h == cell_key(c));
        if repeats {
            row.errors = vec![RowError {
                row: line.number,
                column: String::new(),
                message: format!(
                    "repeats the header row (row {}); delete it",
                    grid.header_row
                ),
                code: Code::ImportCell,
            }];
        } else if is_totals_row(line) {
            // The totals row of an export (合计 and SUBTOTAL formulas) is not a record.
            continue;
        } else {
            // Cells that could not be read are left blank for the core's checks,
            // which then report the other columns' problems too (and not a second
            // one for a column already reported).
            let unread = row.errors.len();
            let planned = checker.check(&mut row, &mut plan.existing)?;
            let (first, rest) = row.errors.split_at(unread);
            let mut kept = first.to_vec();
            kept.extend(
                rest.iter()
                    .filter(|e| !first.iter().any(|f| f.column == e.column))
                    .cloned(),
            );
            row.errors = kept;
            if let (Some(p), true) = (planned, row.errors.is_empty()) {
                plan.good.push((line.number, p));
            }
        }
        if !row.errors.is_empty() {
            plan.bad.insert(line.number);
            plan.errors.append(&mut row.errors);
        }
    }
    progress.step(total, total)?;
    let mut grid = grid;
    grid.rows.retain(|l| plan.bad.contains(&l.number));
    grid.rows.shrink_to_fit();
    plan.grid = grid;
    Ok(plan)
}

/// A cell as a header is compared ([`header_key`]), without copying a text cell first.
fn cell_key(c: &Value) -> String {
    match c {
        Value::Text(s) => header_key(s),
        c => header_key(&c.display()),
    }
}

/// A row of `合计`/`Total` and nothing but formulas (or nothing) beside it: an
/// exported sheet's totals row, or an error report's.
fn is_totals_row(line: &Line) -> bool {
    let mut label = false;
    for c in &line.cells {
        match c {
            Value::Formula(_) => {}
            c if c.is_empty() => {}
            Value::Text(s)
                if !label
                    && matches!(
                        header_key(s).as_str(),
                        "合计" | "总计" | "小计" | "total" | "totals"
                    ) =>
            {
                label = true
            }
            _ => return false,
        }
    }
    label
}

/// Checks rows of one kind against the core's rules and what is on file.
struct Checker<'s> {
    store: &'s Store,
    kind: ImportKind,
    update: bool,
    /// Key (a code, an ISBN and price) → the first row that has it.
    seen: HashMap<String, u32>,
    /// Customers on file: code → id, and the keys rows are compared by.
    codes: HashMap<String, i64>,
    phones: HashMap<String, usize>,
    tax_ids: HashMap<String, usize>,
    names: HashMap<String, usize>,
    people: Vec<customers::Identity>,
}

impl<'s> Checker<'s> {
    fn new(store: &'s Store, kind: ImportKind, opts: &ImportOptions) -> Result<Checker<'s>> {
        let mut c = Checker {
            store,
            kind,
            update: opts.update,
            seen: HashMap::new(),
            codes: HashMap::new(),
            phones: HashMap::new(),
            tax_ids: HashMap::new(),
            names: HashMap::new(),
            people: Vec::new(),
        };
        if matches!(kind, ImportKind::Customers | ImportKind::Receivables) {
            c.people = customers::identities(store.conn())?;
            for (i, p) in c.people.iter().enumerate() {
                c.codes.insert(p.code.clone(), p.id);
                if kind == ImportKind::Customers {
                    for ph in &p.phones {
                        let d = search::digits(ph);
                        if d.len() >= 7 {
                            c.phones.entry(d).or_insert(i);
                        }
                    }
                    let t = search::normalize(&p.tax_id);
                    if !t.is_empty() {
                        c.tax_ids.entry(t).or_insert(i);
                    }
                    let n = search::normalize(&p.name);
                    if !n.is_empty() {
                        c.names.entry(n).or_insert(i);
                    }
                }
            }
        }
        Ok(c)
    }

    /// A key seen on an earlier row is an error naming that row.
    fn once(&mut self, row: &mut RowText, field: &str, key: String, what: &str) -> bool {
        match self.seen.get(&key) {
            Some(&first) => {
                row.error(
                    field,
                    Code::ImportDuplicate,
                    format!("{what} is also on row {first}; each may be in the file once"),
                );
                false
            }
            None => {
                self.seen.insert(key, row.line.number);
                true
            }
        }
    }

    fn check(
        &mut self,
        row: &mut RowText,
        existing: &mut Vec<LikelyExisting>,
    ) -> Result<Option<Planned>> {
        match self.kind {
            ImportKind::Customers => self.customer(row, existing),
            ImportKind::Books => self.title(row),
            ImportKind::Stock => self.stock(row),
            ImportKind::Receivables => self.opening(row),
        }
    }

    fn customer(
        &mut self,
        row: &mut RowText,
        existing: &mut Vec<LikelyExisting>,
    ) -> Result<Option<Planned>> {
        let kind = match row.get("kind").trim() {
            "" => CustomerKind::Bookshop,
            k => match customer_kind(k) {
                Some(k) => k,
                None => {
                    row.error(
                        "kind",
                        Code::KindInvalid,
                        format!(
                            "customer type {} is not one of 书店, 学校, 图书馆, 企业, 经销商, 个人 (or bookshop, school, library, company, distributor, individual)",
                            quote(k)
                        ),
                    );
                    CustomerKind::Bookshop
                }
            },
        };
        let settlement = match row.get("settlement").trim() {
            "" => Settlement::Firm,
            s => match settlement(s) {
                Some(s) => s,
                None => {
                    row.error(
                        "settlement",
                        Code::SettlementInvalid,
                        format!(
                            "settlement {} is not one of 整批结算, 实销实结, 寄销 (or firm, sale_or_return, consignment)",
                            quote(s)
                        ),
                    );
                    Settlement::Firm
                }
            },
        };
        let contact = Contact {
            name: row.get("contact").to_string(),
            phone: row.get("phone").to_string(),
            email: row.get("email").to_string(),
            ..Contact::default()
        };
        let input = CustomerInput {
            code: row.get("code").to_string(),
            name: row.get("name").to_string(),
            kind,
            contacts: vec![contact],
            address: row.get("address").to_string(),
            region: row.get("region").to_string(),
            tax_id: row.get("tax_id").to_string(),
            discount: row.get("discount").to_string(),
            credit_limit: row.get("credit_limit").to_string(),
            payment_terms_days: row.get("payment_terms_days").to_string(),
            settlement,
            notes: row.get("notes").to_string(),
            ..CustomerInput::default()
        };
        // Most rows are good: validated once, and only a refused one checked
        // again field by field for every problem it has.
        let v = match customers::validate(&input) {
            Ok(v) => v,
            Err(e) => {
                let problems = customers::check(&input);
                if problems.is_empty() {
                    row.refusal(customer_field, &e.payload());
                }
                for p in &problems {
                    row.refusal(customer_field, p);
                }
                return Ok(None);
            }
        };
        if let Some(code) = v.code() {
            let code = code.to_string();
            if !self.once(row, "code", format!("code:{code}"), &format!("code {code}")) {
                return Ok(None);
            }
            if let Some(&id) = self.codes.get(&code) {
                if self.update {
                    return Ok(Some(Planned::UpdateCustomer(id, Box::new(v))));
                }
                row.error(
                    "code",
                    Code::ImportOnFile,
                    format!("customer {code} is already on file; import with update to change it"),
                );
                return Ok(None);
            }
        }
        if existing.len() < MAX_LIKELY {
            if let Some(found) = self.likely(&v) {
                existing.push(LikelyExisting {
                    row: row.line.number,
                    code: found.0,
                    name: found.1,
                    by: found.2.to_string(),
                });
            }
        }
        Ok(Some(Planned::NewCustomer(Box::new(v))))
    }

    /// A customer on file with the same phone, tax id or normalised name.
    fn likely(&self, v: &customers::Valid) -> Option<(String, String, &'static str)> {
        let hit = v
            .phones()
            .map(search::digits)
            .filter(|d| d.len() >= 7)
            .find_map(|d| self.phones.get(&d))
            .map(|&i| (i, "phone"))
            .or_else(|| {
                let t = search::normalize(v.tax_id());
                (!t.is_empty())
                    .then(|| self.tax_ids.get(&t))
                    .flatten()
                    .map(|&i| (i, "tax_id"))
            })
            .or_else(|| {
                self.names
                    .get(&search::normalize(v.name()))
                    .map(|&i| (i, "name"))
            })?;
        let p = self.people.get(hit.0)?;
        Some((p.code.clone(), p.name.clone(), hit.1))
    }

    fn title(&mut self, row: &mut RowText) -> Result<Option<Planned>> {
        let input = TitleInput {
            isbn: row.get("isbn").to_string(),
            list_price: row.get("list_price").to_string(),
            title: row.get("title").to_string(),
            subtitle: row.get("subtitle").to_string(),
            authors: row.get("authors").to_string(),
            translator: row.get("translator").to_string(),
            publisher: row.get("publisher").to_string(),
            edition: row.get("edition").to_string(),
            pub_date: row.get("pub_date").to_string(),
            category_code: row.get("category_code").to_string(),
            bin: row.get("bin").to_string(),
            reorder_point: row.get("reorder_point").to_string(),
            supplier: row.get("supplier").to_string(),
            ..TitleInput::default()
        };
        let v = match catalog::validate_title(self.store, &input) {
            Ok(v) => v,
            Err(e) => {
                row.refusal(|f| f, &e.payload());
                return Ok(None);
            }
        };
        let what = format!(
            "ISBN {} at {}",
            v.isbn,
            crate::base::money::format_fen(v.price)
        );
        if !self.once(row, "isbn", format!("{}@{}", v.isbn, v.price), &what) {
            return Ok(None);
        }
        let on_file: Option<i64> = self
            .store
            .conn()
            .prepare_cached("SELECT id FROM titles WHERE isbn = ?1 AND list_price_fen = ?2")?
            .query_row(rusqlite::params![v.isbn, v.price], |r| r.get(0))
            .ok();
        match on_file {
            Some(id) if self.update => Ok(Some(Planned::UpdateTitle(id, Box::new(v)))),
            Some(_) => {
                row.error(
                    "isbn",
                    Code::ImportOnFile,
                    format!("{what} is already on file; import with update to change it"),
                );
                Ok(None)
            }
            None => Ok(Some(Planned::NewTitle(Box::new(v)))),
        }
    }

    fn stock(&mut self, row: &mut RowText) -> Result<Option<Planned>> {
        let isbn = match catalog::parse_isbn("isbn", row.get("isbn")) {
            Ok(i) => i,
            Err(e) => {
                row.refusal(|f| f, &e.payload());
                return Ok(None);
            }
        };
        let price = match row.get("list_price").trim() {
            "" => None,
            p => match catalog::parse_price("list_price", p) {
                Ok(p) => Some(p),
                Err(e) => {
                    row.refusal(|f| f, &e.payload());
                    return Ok(None);
                }
            },
        };
        let quantity = match stock::quantity("quantity", "quantity", row.get("quantity"), 1) {
            Ok(q) => q,
            Err(e) => {
                row.refusal(|f| f, &e.payload());
                return Ok(None);
            }
        };
        let titles = catalog::titles_by_isbn(self.store, &isbn)?;
        let matching: Vec<_> = titles
            .iter()
            .filter(|t| price.is_none_or(|p| t.list_price_fen == p))
            .collect();
        let title = match matching.as_slice() {
            [t] => *t,
            [] => {
                row.error(
                    "isbn",
                    Code::TitleUnknown,
                    format!(
                        "ISBN {isbn}{} is not in the catalogue; import the titles first",
                        price.map_or(String::new(), |p| format!(
                            " at {}",
                            crate::base::money::format_fen(p)
                        ))
                    ),
                );
                return Ok(None);
            }
            _ => {
                row.error(
                    "isbn",
                    Code::IsbnAmbiguous,
                    format!(
                        "ISBN {isbn} is on file at several list prices; add a list price column"
                    ),
                );
                return Ok(None);
            }
        };
        let discount = match (row.get("discount").trim(), row.get("cost").trim()) {
            ("", "") => None,
            (d, "") => match catalog::parse_discount_field("discount", d) {
                Ok(bp) => Some(bp),
                Err(e) => {
                    row.refusal(|f| f, &e.payload());
                    return Ok(None);
                }
            },
            (_, c) => {
                let cost = match crate::base::fields::yuan(
                    "cost",
                    "unit cost",
                    c,
                    (1, title.list_price_fen),
                    Code::PriceInvalid,
                    Code::PriceRange,
                ) {
                    Ok(c) => c,
                    Err(e) => {
                        row.refusal(|f| f, &e.payload());
                        return Ok(None);
                    }
                };
                // Cost is kept as a discount of list price; only an exact one is taken.
                let scaled = i128::from(cost) * 10_000;
                let price = i128::from(title.list_price_fen);
                if scaled % price != 0 {
                    row.error(
                        "cost",
                        Code::DiscountInvalid,
                        format!(
                            "unit cost {} is not a whole discount of the list price {} (Folio keeps cost as a discount to 0.01%); give a discount column instead",
                            quote(c),
                            crate::base::money::format_fen(title.list_price_fen)
                        ),
                    );
                    return Ok(None);
                }
                Some((scaled / price) as i64)
            }
        };
        if !self.once(
            row,
            "isbn",
            format!("item:{}", title.id),
            &format!("ISBN {isbn}"),
        ) {
            return Ok(None);
        }
        // A second opening balance of the same item would count its copies twice
        // (the same file imported again, most likely).
        let opened: i64 = self
            .store
            .conn()
            .prepare_cached(
                "SELECT coalesce(sum(quantity), 0) FROM stock_movements
                 WHERE title_id = ?1 AND kind = 'opening'",
            )?
            .query_row([title.id], |r| r.get(0))?;
        if opened != 0 {
            row.error(
                "isbn",
                Code::ImportOnFile,
                format!("ISBN {isbn} already has opening stock on file ({opened} copies); a second would count them twice"),
            );
            return Ok(None);
        }
        Ok(Some(Planned::Stock(stock::LineSpec {
            field: format!("row {}", row.line.number),
            title_id: Some(title.id),
            isbn,
            list_price_fen: Some(title.list_price_fen),
            quantity,
            discount_bp: discount,
        })))
    }

    fn opening(&mut self, row: &mut RowText) -> Result<Option<Planned>> {
        let code = row.get("code").trim().to_string();
        let Some(&customer_id) = self.codes.get(&code) else {
            row.error(
                "code",
                Code::CustomerUnknown,
                if code.is_empty() {
                    "a customer code is required".to_string()
                } else {
                    format!("no customer with code {} is on file", quote(&code))
                },
            );
            return Ok(None);
        };
        let fen = match receivables::parse_opening("balance", row.get("balance")) {
            Ok(f) => f,
            Err(e) => {
                row.refusal(|f| f, &e.payload());
                return Ok(None);
            }
        };
        let date = match receivables::date_or_today("date", row.get("date")) {
            Ok(d) => d,
            Err(e) => {
                row.refusal(|f| f, &e.payload());
                return Ok(None);
            }
        };
        if !self.once(
            row,
            "code",
            format!("code:{code}"),
            &format!("customer {code}"),
        ) {
            return Ok(None);
        }
        let opened: i64 = self
            .store
            .conn()
            .prepare_cached(
                "SELECT coalesce(sum(amount_fen), 0) FROM receivable_entries
                 WHERE customer_id = ?1 AND kind = 'opening'",
            )?
            .query_row([customer_id], |r| r.get(0))?;
        if opened != 0 {
            row.error(
                "code",
                Code::ImportOnFile,
                format!(
                    "customer {code} already has an opening balance on file ({}); a second would count it twice",
                    crate::base::money::format_fen(opened)
                ),
            );
            return Ok(None);
        }
        Ok(Some(Planned::Opening {
            customer_id,
            fen,
            date,
        }))
    }
}

/// The import field a customer error names (`contacts.0.phone` is the phone column).
fn customer_field(field: &str) -> &str {
    match field.strip_prefix("contacts.0.") {
        Some("name") => "contact",
        Some(part) => part,
        None => field,
    }
}

fn customer_kind(s: &str) -> Option<CustomerKind> {
    CustomerKind::parse(s).or(match s.trim() {
        "书店" => Some(CustomerKind::Bookshop),
        "学校" => Some(CustomerKind::School),
        "图书馆" => Some(CustomerKind::Library),
        "企业" | "公司" => Some(CustomerKind::Company),
        "经销商" => Some(CustomerKind::Distributor),
        "个人" => Some(CustomerKind::Individual),
        _ => None,
    })
}

fn settlement(s: &str) -> Option<Settlement> {
    Settlement::parse(s).or(match s.trim() {
        "整批结算" | "整批" => Some(Settlement::Firm),
        "实销实结" => Some(Settlement::SaleOrReturn),
        "寄销" | "代销" | "寄销/代销" | "寄销·代销" => Some(Settlement::Consignment),
        _ => None,
    })
}

/// Imports `path` as `kind`: every row in one transaction, or (by default) none
/// when any row has a problem; see [`ImportOptions`]. A cancel through
/// `progress` writes nothing.
pub fn import(
    store: &mut Store,
    kind: ImportKind,
    path: &Path,
    opts: &ImportOptions,
    progress: &dyn Progress,
) -> Result<ImportReport> {
    let plan = plan(store, kind, path, opts, progress)?;
    if !plan.mapping.missing.is_empty() {
        return Err(missing_error(&plan));
    }
    let mut report = ImportReport {
        kind,
        imported: 0,
        updated: 0,
        skipped: plan.bad.len() as u32,
        refused: false,
        errors: plan.errors.clone(),
        report: None,
        documents: Vec::new(),
    };
    if !plan.errors.is_empty() && !opts.skip_invalid {
        report.refused = true;
        report.skipped = 0;
        return Ok(report);
    }
    // The error report is written first (whole, or not at all), and taken away
    // again if the import then fails.
    if !plan.bad.is_empty() {
        let dest = opts
            .report
            .clone()
            .unwrap_or_else(|| report_path_beside(path));
        write_report(store, &plan, &dest)?;
        report.report = Some(dest);
    }
    let total = plan.good.len() as u64;
    let remember = serde_json::to_string(&plan.mapping.remember).unwrap_or_default();
    let key = kind.mapping_key();
    let result = store.write(&format!("import.{}", kind.as_str()), kind.as_str(), |tx| {
        let now = crate::base::clock::stamp();
        let mut specs = Vec::new();
        let mut updated = 0u32;
        // Customers updated keep their search keys aside, to go in a thousand
        // customers at a time (see `Deferred`); new customers go in after them, in
        // bulk (see `insert_many_valid`), so that a code an update gives a customer
        // is one the new customers' generated codes skip.
        let updates = plan.good.iter().filter(|(_, p)| p.is_update()).count();
        let mut keys = match kind {
            ImportKind::Customers if updates > 0 => {
                Some(search::Deferred::start(tx, &customers::INDEX, updates)?)
            }
            ImportKind::Books => Some(search::Deferred::start(
                tx,
                &catalog::INDEX,
                plan.good.len(),
            )?),
            _ => None,
        };
        let mut added: Vec<&customers::Valid> = Vec::new();
        for (n, (_, p)) in plan.good.iter().enumerate() {
            if n % REPORT_EVERY == 0 {
                progress.step(n as u64, total)?;
                if let Some(k) = keys.as_mut() {
                    k.flush()?;
                }
            }
            match p {
                Planned::NewCustomer(v) => added.push(v),
                Planned::UpdateCustomer(id, v) => {
                    customers::update_valid(tx, *id, v, &now)?;
                    updated += 1;
                }
                Planned::NewTitle(v) => {
                    catalog::insert_title(tx, v, &now)?;
                }
                Planned::UpdateTitle(id, v) => {
                    catalog::update_valid_title(tx, *id, v, &now)?;
                    updated += 1;
                }
                Planned::Stock(spec) => specs.push(spec.clone()),
                Planned::Opening {
                    customer_id,
                    fen,
                    date,
                } => receivables::post_opening(tx, *customer_id, *fen, *date)?,
            }
        }
        if let Some(k) = keys {
            k.finish()?;
        }
        let before = total - added.len() as u64;
        customers::insert_many_valid(tx, &added, &now, |n| {
            progress.step(before + n as u64, total)
        })?;
        let documents = if specs.is_empty() {
            Vec::new()
        } else {
            stock::post_opening_in(tx, &specs, "imported opening stock")?
        };
        progress.step(total, total)?;
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (&key, &remember),
        )?;
        Ok(((updated, documents), None))
    });
    match result {
        Ok((updated, documents)) => {
            report.imported = plan.good.len() as u32;
            report.updated = updated;
            report.documents = documents;
            Ok(report)
        }
        Err(e) => {
            if let Some(p) = &report.report {
                let _ = std::fs::remove_file(p);
            }
            Err(e)
        }
    }
}

/// `customers.xlsx` → `customers.errors.xlsx`, beside it.
fn report_path_beside(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "import".to_string());
    path.with_file_name(format!("{stem}.errors.xlsx"))
}

/// The bad rows with their cells as the file had them (dates and numbers as
/// the import reads them) and, last, what is wrong with each: fixed, the
/// report imports again as it is.
fn write_report(store: &Store, plan: &Plan, dest: &Path) -> Result<()> {
    let lang = Lang::of_store(store)?;
    let width = plan.grid.headers.len().max(plan.width);
    // The table model's headers are static (an export's are); a report's come
    // from the file, so each is leaked once per report: a few dozen short
    // strings per import the user runs.
    let mut columns: Vec<Column> = (0..width)
        .map(|i| {
            let h: &'static str = Box::leak(
                plan.grid
                    .headers
                    .get(i)
                    .cloned()
                    .unwrap_or_default()
                    .into_boxed_str(),
            );
            Column::new(ColumnKind::Text, h, h)
        })
        .collect();
    columns.push(Column::new(ColumnKind::Text, "Problem", "错误原因"));
    let columns: &'static [Column] = Box::leak(columns.into_boxed_slice());
    let table = Table {
        name_en: "Import errors",
        name_zh: "导入错误",
        columns,
        period: String::new(),
        expected: plan.bad.len() as u64,
    };
    let mut reasons: HashMap<u32, Vec<String>> = HashMap::new();
    for e in &plan.errors {
        let r = reasons.entry(e.row).or_default();
        r.push(if e.column.is_empty() {
            e.message.clone()
        } else {
            format!("{}: {}", e.column, e.message)
        });
    }
    let company = crate::trade::company::get(store)?.name;
    let opts = Options::new(Format::Xlsx, lang);
    let fields = plan.mapping.field.clone();
    let kind_fields: Vec<Carry> = plan.kind.fields().iter().map(|f| f.carry).collect();
    write_table(
        dest,
        &table,
        table.expected,
        &company,
        &opts,
        &crate::base::progress::Quiet,
        |emit| {
            for line in plan
                .grid
                .rows
                .iter()
                .filter(|l| plan.bad.contains(&l.number))
            {
                let mut cells: Vec<Cell> = (0..width)
                    .map(|i| {
                        let v = line.cells.get(i).unwrap_or(&Value::Empty);
                        let carry = fields
                            .get(i)
                            .copied()
                            .flatten()
                            .and_then(|t| kind_fields.get(t).copied())
                            .unwrap_or(Carry::Text);
                        let text = values::text(carry, v).unwrap_or_else(|_| v.display());
                        Cell::text(text)
                    })
                    .collect();
                cells.push(Cell::text(
                    reasons
                        .get(&line.number)
                        .map(|r| r.join("; "))
                        .unwrap_or_default(),
                ));
                emit(&cells)?;
            }
            Ok(())
        },
    )?;
    Ok(())
}
