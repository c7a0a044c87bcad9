//! What the desktop shell reports about itself to the UI at start-up.

use serde::Serialize;
use ts_rs::TS;

use crate::error::ErrorPayload;

/// The state of the app as the UI first sees it. When the database could not be
/// opened, `error` says why and the UI shows an error screen instead of the app.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppStatus {
    pub version: String,
    pub db_path: String,
    pub schema_version: i64,
    /// `en` or `zh-CN`: the saved choice, else the OS locale.
    pub language: String,
    pub customer_count: i64,
    pub title_count: i64,
    /// Whether stock may go below zero (Settings; off by default).
    pub allow_negative_stock: bool,
    pub error: Option<ErrorPayload>,
}

/// Maps an OS locale such as `zh_CN.UTF-8` or `en-GB` to a UI language.
pub fn language_for_locale(locale: &str) -> &'static str {
    if locale.to_lowercase().starts_with("zh") {
        "zh-CN"
    } else {
        "en"
    }
}

/// The TypeScript declarations of every type that crosses IPC, as committed in
/// `ui/src/lib/bindings.ts`. A test fails when the committed file is stale.
pub fn typescript_bindings() -> String {
    use crate::catalog::{
        Facet, Scan, StockFacets, StockFilter, StockPage, Supplier, SupplierInput, Title,
        TitleInput,
    };
    use crate::company::Company;
    use crate::customers::*;
    use crate::demo::DemoReport;
    use crate::orders::{
        ConfirmOptions, Confirmed, Order, OrderInput, OrderLine, OrderLineInput, OrderQuery,
        OrderStatus, OrderSummary, PasteProblem, Pasted, PastedLine, PaymentMethod, ShipInput,
    };
    use crate::receivables::{
        Account, Aging, CustomerReturn, Payment, PaymentInput, ReturnInput, ReturnLine,
        ReturnSummary, Statement, StatementLine,
    };
    use crate::stock::{
        DocumentInput, DocumentLineInput, DocumentQuery, DocumentSummary, ItemCard, Movement,
        StockDocument, StockDocumentLine, StockValue,
    };
    let cfg = ts_rs::Config::new().with_large_int("number");
    let decls = [
        ErrorPayload::decl(&cfg),
        AppStatus::decl(&cfg),
        CustomerKind::decl(&cfg),
        Settlement::decl(&cfg),
        CustomerStatus::decl(&cfg),
        Contact::decl(&cfg),
        Customer::decl(&cfg),
        CustomerSummary::decl(&cfg),
        CustomerInput::decl(&cfg),
        ListQuery::decl(&cfg),
        CustomerPage::decl(&cfg),
        DemoReport::decl(&cfg),
        Supplier::decl(&cfg),
        SupplierInput::decl(&cfg),
        Title::decl(&cfg),
        TitleInput::decl(&cfg),
        StockFilter::decl(&cfg),
        StockPage::decl(&cfg),
        Facet::decl(&cfg),
        StockFacets::decl(&cfg),
        Scan::decl(&cfg),
        StockValue::decl(&cfg),
        Movement::decl(&cfg),
        ItemCard::decl(&cfg),
        DocumentLineInput::decl(&cfg),
        DocumentInput::decl(&cfg),
        StockDocumentLine::decl(&cfg),
        StockDocument::decl(&cfg),
        DocumentQuery::decl(&cfg),
        DocumentSummary::decl(&cfg),
        OrderStatus::decl(&cfg),
        PaymentMethod::decl(&cfg),
        OrderLine::decl(&cfg),
        Order::decl(&cfg),
        OrderLineInput::decl(&cfg),
        OrderInput::decl(&cfg),
        ConfirmOptions::decl(&cfg),
        Confirmed::decl(&cfg),
        ShipInput::decl(&cfg),
        OrderSummary::decl(&cfg),
        OrderQuery::decl(&cfg),
        PastedLine::decl(&cfg),
        PasteProblem::decl(&cfg),
        Pasted::decl(&cfg),
        ReturnInput::decl(&cfg),
        ReturnLine::decl(&cfg),
        CustomerReturn::decl(&cfg),
        ReturnSummary::decl(&cfg),
        PaymentInput::decl(&cfg),
        Payment::decl(&cfg),
        Aging::decl(&cfg),
        StatementLine::decl(&cfg),
        Statement::decl(&cfg),
        Account::decl(&cfg),
        Company::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test --test bindings`. Do not edit.\n",
    );
    for d in decls {
        out.push_str("\nexport ");
        out.push_str(&d);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn locale_mapping() {
        assert_eq!(super::language_for_locale("zh_CN.UTF-8"), "zh-CN");
        assert_eq!(super::language_for_locale("zh-TW"), "zh-CN");
        assert_eq!(super::language_for_locale("en-GB"), "en");
        assert_eq!(super::language_for_locale(""), "en");
    }
}
