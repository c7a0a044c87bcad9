//! `folio import customers|books|stock|receivables FILE`: a user's .xlsx, .xls or
//! CSV file read into the database, in one transaction.
//!
//! `--dry-run` checks every row and writes nothing. Without `--skip-invalid` one
//! bad row refuses the whole file (nothing is written); with it the good rows go
//! in and the bad ones are written to an error report (`--report PATH`, else
//! `FILE.errors.xlsx` beside the file). `--update` updates records already on
//! file instead of refusing their codes or ISBNs. `--map 'Header=field'` says
//! which field a column is (`'Header='` leaves it out); a successful import
//! remembers the mapping for the next file of the same kind. The exit status is
//! non-zero whenever a row was refused.

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use folio::base::error::Code;
use folio::base::text::for_terminal;
use folio::exchange::imports::{self, RowError};
use folio::exchange::{ImportKind, ImportOptions};
use folio::FolioError;

use crate::export::Interrupt;
use crate::{print_json, Ctx};

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    Customers,
    Books,
    Stock,
    Receivables,
}

#[derive(Args)]
pub struct ImportArgs {
    /// What the file holds.
    #[arg(value_enum)]
    kind: Kind,
    /// The file: .xlsx, .xls or .csv (UTF-8, UTF-8 with BOM, or GBK).
    file: PathBuf,
    /// Check every row and say what would be imported; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Import the good rows and write the bad ones to an error report.
    #[arg(long)]
    skip_invalid: bool,
    /// Update records already on file (same customer code, same ISBN and price).
    #[arg(long)]
    update: bool,
    /// Where the error report goes (default: FILE.errors.xlsx beside the file).
    #[arg(long)]
    report: Option<PathBuf>,
    /// Which field a column is: 'Header=field' ('Header=' leaves it out). Repeatable.
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    map: Vec<String>,
}

pub fn run(ctx: &Ctx, args: ImportArgs) -> Result<(), FolioError> {
    let kind = match args.kind {
        Kind::Customers => ImportKind::Customers,
        Kind::Books => ImportKind::Books,
        Kind::Stock => ImportKind::Stock,
        Kind::Receivables => ImportKind::Receivables,
    };
    let mut mapping = BTreeMap::new();
    for m in &args.map {
        let Some((h, f)) = m.split_once('=') else {
            return Err(FolioError::invalid(
                Code::ImportMappingInvalid,
                "map",
                format!("--map {m} must be HEADER=FIELD"),
            ));
        };
        mapping.insert(h.trim().to_string(), f.trim().to_string());
    }
    let opts = ImportOptions {
        update: args.update,
        skip_invalid: args.skip_invalid,
        mapping,
        report: args.report.clone(),
    };
    let mut store = ctx.open()?;
    let progress = Interrupt::watch();
    if args.dry_run {
        let p = imports::preview(&store, kind, &args.file, &opts, &progress)?;
        if ctx.json {
            print_json(&serde_json::json!({
                "dry_run": true,
                "imported": 0,
                "would_import": p.new + p.updates,
                "errors": p.errors,
                "preview": p,
            }));
        } else {
            println!(
                "dry run: {} rows, {} would be added, {} updated, {} with problems; nothing was written",
                p.rows, p.new, p.updates, p.invalid
            );
            if !p.unknown.is_empty() {
                println!("columns left out: {}", for_terminal(&p.unknown.join(", ")));
            }
            for e in &p.existing {
                println!(
                    "row {} looks like customer {} {} on file (same {})",
                    e.row,
                    for_terminal(&e.code),
                    for_terminal(&e.name),
                    e.by
                );
            }
            print_errors(&p.errors);
        }
        if !p.errors.is_empty() {
            return Err(refused(
                p.errors.len(),
                "nothing would be imported as it is",
            ));
        }
        return Ok(());
    }
    let r = imports::import(&mut store, kind, &args.file, &opts, &progress)?;
    if ctx.json {
        print_json(&r);
    } else {
        if r.refused {
            println!(
                "nothing imported: {} problems in the file (fix them, or use --skip-invalid)",
                r.errors.len()
            );
        } else {
            println!(
                "imported {} rows ({} updated){}",
                r.imported,
                r.updated,
                match &r.report {
                    Some(p) => format!("; {} rows left out, listed in {}", r.skipped, p.display()),
                    None => String::new(),
                }
            );
        }
        print_errors(&r.errors);
    }
    if r.refused {
        return Err(refused(r.errors.len(), "nothing was imported"));
    }
    if r.skipped > 0 {
        return Err(refused(
            r.errors.len(),
            &format!("{} rows were left out", r.skipped),
        ));
    }
    Ok(())
}

fn print_errors(errors: &[RowError]) {
    for e in errors {
        if e.column.is_empty() {
            println!("row {}: {}", e.row, for_terminal(&e.message));
        } else {
            println!(
                "row {}, {}: {}",
                e.row,
                for_terminal(&e.column),
                for_terminal(&e.message)
            );
        }
    }
}

fn refused(problems: usize, what: &str) -> FolioError {
    FolioError::invalid(
        Code::ImportRefused,
        "file",
        format!("{problems} problems in the file; {what}"),
    )
}
