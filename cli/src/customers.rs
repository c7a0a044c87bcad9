//! `folio customers`: add, update, list, show, search, archive, restore, delete, and
//! the possible duplicates and merging one customer into another.

use clap::{Args, Subcommand};

use folio::base::error::Code;
use folio::base::money;
use folio::base::text::{for_terminal as cell, quote};
use folio::crm::customers::{
    self, Contact, CustomerInput, CustomerKind, CustomerStatus, CustomerSummary, IfDuplicate,
    ListQuery, Settlement,
};
use folio::crm::duplicates::{self, DuplicatePage};
use folio::FolioError;

use crate::{print_json, Ctx};

#[derive(Subcommand)]
pub enum CustomersCmd {
    /// Add a customer; prints its code.
    Add(Box<AddArgs>),
    /// Change a customer: only the fields given change, the rest stay as they are.
    Update(Box<UpdateArgs>),
    /// List active customers (with --all, archived ones too).
    List {
        #[arg(long)]
        all: bool,
    },
    /// Show one customer by code.
    Show { code: String },
    /// Search by code, name, pinyin initials, full pinyin or phone digits.
    Search {
        query: String,
        #[arg(long, default_value = "50", allow_hyphen_values = true)]
        limit: String,
    },
    /// Archive a customer: hidden from lists and search, nothing lost.
    Archive { code: String },
    /// Bring an archived customer back.
    Restore { code: String },
    /// Delete a customer nothing refers to (one typed by mistake); others can only be archived.
    Delete { code: String },
    /// Customers that look like one: the same phone (+86 ignored), tax id or name.
    Duplicates {
        /// Groups to show, from 1 to 200.
        #[arg(long, default_value = "50", allow_hyphen_values = true)]
        limit: String,
        /// Groups to skip, for the next page.
        #[arg(long, default_value = "0", allow_hyphen_values = true)]
        offset: String,
    },
    /// Merge customer FROM into INTO: FROM's orders, returns, payments, ledger,
    /// calls, cases, scores and reminders move to INTO, and FROM is archived.
    /// It cannot be undone except by hand.
    Merge {
        /// The customer that goes (its code).
        from: String,
        /// The customer that stays (its code).
        into: String,
    },
}

#[derive(Args)]
pub struct AddArgs {
    #[arg(long, allow_hyphen_values = true)]
    name: String,
    /// Blank: the next free code (C0001, C0002, ...).
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    code: String,
    /// bookshop, school, library, company, distributor or individual.
    #[arg(long = "type", default_value = "bookshop", allow_hyphen_values = true)]
    kind: String,
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    contact: String,
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    phone: String,
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    email: String,
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    wechat: String,
    /// 6.5折, 65% or 0.65.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    discount: String,
    /// Credit limit in yuan (5000, 5000.00, ￥5,000).
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    credit: String,
    /// Payment terms in days.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    terms: String,
    /// firm, sale_or_return or consignment.
    #[arg(long, default_value = "firm", allow_hyphen_values = true)]
    settlement: String,
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    region: String,
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    address: String,
    #[arg(long = "tag", allow_hyphen_values = true)]
    tags: Vec<String>,
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    notes: String,
    /// The main contact's birthday: MM-DD, or YYYY-MM-DD.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    birthday: String,
    /// The birthday is a lunar (农历) date.
    #[arg(long)]
    lunar: bool,
    /// Add it even when a customer with the same name and phone is on file.
    #[arg(long)]
    allow_duplicate: bool,
}

// The same fields as `add`, each optional: a flag left out keeps what is stored.
// They are kept apart from `AddArgs` so that `add`'s defaults and help stay as they were.
#[derive(Args)]
pub struct UpdateArgs {
    /// The customer's current code.
    #[arg(value_name = "CODE")]
    target: String,
    #[arg(long, allow_hyphen_values = true)]
    name: Option<String>,
    /// A new code for the customer.
    #[arg(long, allow_hyphen_values = true)]
    code: Option<String>,
    /// bookshop, school, library, company, distributor or individual.
    #[arg(long = "type", allow_hyphen_values = true)]
    kind: Option<String>,
    /// The first contact's name.
    #[arg(long, allow_hyphen_values = true)]
    contact: Option<String>,
    /// The first contact's phone.
    #[arg(long, allow_hyphen_values = true)]
    phone: Option<String>,
    /// The first contact's email.
    #[arg(long, allow_hyphen_values = true)]
    email: Option<String>,
    /// The first contact's WeChat.
    #[arg(long, allow_hyphen_values = true)]
    wechat: Option<String>,
    /// 6.5折, 65% or 0.65; blank for full list price.
    #[arg(long, allow_hyphen_values = true)]
    discount: Option<String>,
    /// Credit limit in yuan (5000, 5000.00, ￥5,000); blank for no limit.
    #[arg(long, allow_hyphen_values = true)]
    credit: Option<String>,
    /// Payment terms in days.
    #[arg(long, allow_hyphen_values = true)]
    terms: Option<String>,
    /// firm, sale_or_return or consignment.
    #[arg(long, allow_hyphen_values = true)]
    settlement: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    region: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    address: Option<String>,
    /// Replaces every tag; repeat for several, or give --tag "" to clear them.
    #[arg(long = "tag", allow_hyphen_values = true)]
    tags: Option<Vec<String>>,
    #[arg(long, allow_hyphen_values = true)]
    notes: Option<String>,
    /// The main contact's birthday: MM-DD, or YYYY-MM-DD; blank to clear it.
    #[arg(long, allow_hyphen_values = true)]
    birthday: Option<String>,
    /// The birthday given is a lunar (农历) date (without --birthday: the one on file is).
    #[arg(long)]
    lunar: bool,
    /// Save it even when another customer with the same name and phone is on file.
    #[arg(long)]
    allow_duplicate: bool,
}

fn parse_kind(text: &str) -> Result<CustomerKind, FolioError> {
    CustomerKind::parse(text).ok_or_else(|| {
        FolioError::invalid(
            Code::KindInvalid,
            "type",
            format!(
                "type {} is not one of bookshop, school, library, company, distributor, individual",
                quote(text)
            ),
        )
    })
}

fn parse_settlement(text: &str) -> Result<Settlement, FolioError> {
    Settlement::parse(text).ok_or_else(|| {
        FolioError::invalid(
            Code::SettlementInvalid,
            "settlement",
            format!(
                "settlement {} is not one of firm, sale_or_return, consignment",
                quote(text)
            ),
        )
    })
}

impl UpdateArgs {
    /// Lays the flags given over the stored customer's input.
    fn apply(self, input: &mut CustomerInput) -> Result<(), FolioError> {
        if let Some(v) = self.kind {
            input.kind = parse_kind(&v)?;
        }
        if let Some(v) = self.settlement {
            input.settlement = parse_settlement(&v)?;
        }
        let contact_given = self.contact.is_some()
            || self.phone.is_some()
            || self.email.is_some()
            || self.wechat.is_some();
        // `add` takes one contact; its flags here change the first of the customer's
        // contacts and leave any others (made in the app) alone.
        if contact_given && input.contacts.is_empty() {
            input.contacts.push(Contact::default());
        }
        if let Some(first) = input.contacts.first_mut() {
            set(&mut first.name, self.contact);
            set(&mut first.phone, self.phone);
            set(&mut first.email, self.email);
            set(&mut first.wechat, self.wechat);
        }
        set(&mut input.name, self.name);
        set(&mut input.code, self.code);
        set(&mut input.discount, self.discount);
        set(&mut input.credit_limit, self.credit);
        set(&mut input.payment_terms_days, self.terms);
        set(&mut input.region, self.region);
        set(&mut input.address, self.address);
        set(&mut input.notes, self.notes);
        if self.birthday.is_some() || self.lunar {
            input.birthday_lunar = self.lunar;
        }
        set(&mut input.birthday, self.birthday);
        if let Some(tags) = self.tags {
            input.tags = tags;
        }
        Ok(())
    }
}

fn if_duplicate(allow: bool) -> IfDuplicate {
    if allow {
        IfDuplicate::Save
    } else {
        IfDuplicate::Refuse
    }
}

/// A likely duplicate's refusal says how to save anyway, in the CLI's own terms.
fn duplicate_hint(e: FolioError) -> FolioError {
    match e {
        FolioError::Invalid {
            code: Code::CustomerDuplicate,
            field,
            message,
            params,
        } => FolioError::Invalid {
            code: Code::CustomerDuplicate,
            field,
            message: format!("{message} (give --allow-duplicate)"),
            params,
        },
        e => e,
    }
}

/// Replaces `field` when the flag was given.
pub(crate) fn set(field: &mut String, flag: Option<String>) {
    if let Some(v) = flag {
        *field = v;
    }
}

fn print_table(rows: &[CustomerSummary]) {
    for c in rows {
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            cell(&c.code),
            cell(&c.name),
            c.kind.as_str(),
            money::format_discount_zhe(c.discount_bp),
            c.credit_limit_fen
                .map(money::format_fen)
                .unwrap_or_else(|| "-".into()),
            cell(&c.phone)
        );
    }
}

/// A whole number of groups for `--limit` or `--offset`, naming the flag.
fn whole(field: &str, text: &str, min: i64, max: i64) -> Result<i64, FolioError> {
    folio::base::fields::whole(text, min, max).map_err(|_| {
        FolioError::invalid(
            Code::NumberRange,
            field,
            format!(
                "{field} {} must be a whole number from {min} to {max}",
                quote(text)
            ),
        )
    })
}

/// One block per group: its reasons, then a line per customer.
fn print_duplicates(page: &DuplicatePage) {
    if page.total == 0 {
        println!("no possible duplicates");
        return;
    }
    for (i, g) in page.groups.iter().enumerate() {
        if i > 0 {
            println!();
        }
        let why: Vec<String> = g
            .reasons
            .iter()
            .map(|m| format!("same {} {}", m.reason.as_str(), cell(&m.value)))
            .collect();
        println!("{}", why.join(", "));
        for m in &g.members {
            println!(
                "  {}\t{}\t{}\t{}\t{} orders\t{}",
                cell(&m.code),
                cell(&m.name),
                match m.status {
                    CustomerStatus::Active => "active",
                    CustomerStatus::Archived => "archived",
                },
                money::format_fen(m.balance_fen),
                m.order_count,
                m.last_order_date
                    .as_deref()
                    .map(|d| format!("last {d}"))
                    .unwrap_or_else(|| "no orders".into()),
            );
        }
        if g.member_count > g.members.len() as i64 {
            println!("  … and {} more", g.member_count - g.members.len() as i64);
        }
    }
    let shown = page.groups.len() as i64;
    if page.offset + shown < page.total {
        println!(
            "\ngroups {}–{} of {}: --offset {} for more",
            page.offset + 1,
            page.offset + shown,
            page.total,
            page.offset + shown
        );
    }
}

pub fn run(ctx: &Ctx, cmd: CustomersCmd) -> Result<(), FolioError> {
    match cmd {
        CustomersCmd::Duplicates { limit, offset } => {
            let limit = whole("limit", &limit, 1, duplicates::MAX_PAGE)?;
            let offset = whole("offset", &offset, 0, i64::from(u32::MAX))?;
            let store = ctx.open()?;
            let page = duplicates::possible_duplicates(&store, offset, limit)?;
            if ctx.json {
                print_json(&page);
            } else {
                print_duplicates(&page);
            }
        }
        CustomersCmd::Merge { from, into } => {
            let mut store = ctx.open()?;
            let from = customers::get_by_code(&store, &from)?;
            let into = customers::get_by_code(&store, &into)?;
            let r = duplicates::merge(&mut store, from.id, into.id)?;
            if ctx.json {
                print_json(&r);
            } else {
                println!("{}", r.sentence());
                println!(
                    "{} is archived; {} now owes {}",
                    r.from_code,
                    r.into_code,
                    money::format_fen(r.balance_fen)
                );
            }
        }
        CustomersCmd::Add(a) => {
            let a = *a;
            let kind = parse_kind(&a.kind)?;
            let settlement = parse_settlement(&a.settlement)?;
            let input = CustomerInput {
                code: a.code,
                name: a.name,
                kind,
                contacts: vec![Contact {
                    name: a.contact,
                    role: String::new(),
                    phone: a.phone,
                    email: a.email,
                    wechat: a.wechat,
                    ..Contact::default()
                }],
                address: a.address,
                region: a.region,
                discount: a.discount,
                credit_limit: a.credit,
                payment_terms_days: a.terms,
                settlement,
                tags: a.tags,
                notes: a.notes,
                birthday: a.birthday,
                birthday_lunar: a.lunar,
                ..CustomerInput::default()
            };
            let mut store = ctx.open()?;
            let c = customers::create_checked(&mut store, &input, if_duplicate(a.allow_duplicate))
                .map_err(duplicate_hint)?;
            if ctx.json {
                print_json(&c);
            } else {
                println!("{}", c.code);
            }
        }
        CustomersCmd::Update(a) => {
            let mut store = ctx.open()?;
            let c = customers::get_by_code(&store, &a.target)?;
            let mut input = CustomerInput::from(&c);
            let allow = if_duplicate(a.allow_duplicate);
            a.apply(&mut input)?;
            let c = customers::update_checked(&mut store, c.id, &input, allow)
                .map_err(duplicate_hint)?;
            if ctx.json {
                print_json(&c);
            } else {
                println!("updated {}", c.code);
            }
        }
        CustomersCmd::List { all } => {
            let store = ctx.open()?;
            let mut rows = Vec::new();
            let mut offset = 0;
            loop {
                let page = customers::list(
                    &store,
                    &ListQuery {
                        query: String::new(),
                        offset,
                        limit: 500,
                        include_archived: all,
                    },
                )?;
                let n = page.rows.len() as i64;
                rows.extend(page.rows);
                offset += n;
                if n == 0 || offset >= page.total {
                    break;
                }
            }
            if ctx.json {
                print_json(&rows);
            } else {
                print_table(&rows);
            }
        }
        CustomersCmd::Show { code } => {
            let store = ctx.open()?;
            let c = customers::get_by_code(&store, &code)?;
            if ctx.json {
                print_json(&c);
            } else {
                println!("code:          {}", cell(&c.code));
                println!("name:          {}", cell(&c.name));
                println!("type:          {}", c.kind.as_str());
                println!("status:        {:?}", c.status);
                println!(
                    "discount:      {} ({})",
                    money::format_discount_zhe(c.discount_bp),
                    money::format_discount_percent(c.discount_bp)
                );
                println!(
                    "credit limit:  {}",
                    c.credit_limit_fen
                        .map(money::format_fen)
                        .unwrap_or_else(|| "none".into())
                );
                println!("payment terms: {} days", c.payment_terms_days);
                println!("settlement:    {}", c.settlement.as_str());
                for ct in &c.contacts {
                    println!(
                        "contact:       {} {} {} {} {}",
                        cell(&ct.name),
                        cell(&ct.role),
                        cell(&ct.phone),
                        cell(&ct.email),
                        cell(&ct.wechat)
                    );
                }
                if !c.region.is_empty() {
                    println!("region:        {}", cell(&c.region));
                }
                if !c.address.is_empty() {
                    println!("address:       {}", cell(&c.address));
                }
                if !c.tags.is_empty() {
                    println!("tags:          {}", cell(&c.tags.join(", ")));
                }
            }
        }
        CustomersCmd::Search { query, limit } => {
            let store = ctx.open()?;
            let rows = customers::search(&store, &query, customers::parse_search_limit(&limit)?)?;
            if ctx.json {
                print_json(&rows);
            } else {
                print_table(&rows);
            }
        }
        CustomersCmd::Archive { code } => {
            let mut store = ctx.open()?;
            let c = customers::get_by_code(&store, &code)?;
            let c = customers::archive(&mut store, c.id)?;
            if ctx.json {
                print_json(&c);
            } else {
                println!("archived {}", c.code);
            }
        }
        CustomersCmd::Restore { code } => {
            let mut store = ctx.open()?;
            let c = customers::get_by_code(&store, &code)?;
            let c = customers::restore(&mut store, c.id)?;
            if ctx.json {
                print_json(&c);
            } else {
                println!("restored {}", c.code);
            }
        }
        CustomersCmd::Delete { code } => {
            let mut store = ctx.open()?;
            let c = customers::get_by_code(&store, &code)?;
            customers::delete(&mut store, c.id)?;
            if ctx.json {
                print_json(&serde_json::json!({ "deleted": c.code }));
            } else {
                println!("deleted {}", c.code);
            }
        }
    }
    Ok(())
}
