//! The TypeScript side of the IPC: every type that crosses it, generated from
//! the Rust types with ts-rs and committed as `ui/src/lib/bindings.ts`.

use ts_rs::TS;

/// The TypeScript declarations of every type that crosses IPC, as committed in
/// `ui/src/lib/bindings.ts`. A test fails when the committed file is stale.
pub fn typescript() -> String {
    use crate::jobs::{JobEvent, JobStarted, JobState};
    use folio::app::AppStatus;
    use folio::base::error::{Code, ErrorPayload};
    use folio::crm::cases::{Case, CaseCategory, CaseInput, CasePriority, CaseStatus, CaseUpdate};
    use folio::crm::customers::*;
    use folio::crm::duplicates::{
        DuplicateGroup, DuplicateMatch, DuplicateMember, DuplicatePage, DuplicateReason,
        MergeReport, MergedInto,
    };
    use folio::crm::interactions::{Interaction, InteractionInput, InteractionKind};
    use folio::crm::reminders::{
        Away, Bucket, DoneInput, DueFilter, Reminder, ReminderEvent, ReminderInput, ReminderKind,
        ReminderStatus, TodayReminders,
    };
    use folio::crm::rules::{RuleSettings, RunReport};
    use folio::crm::satisfaction::{SatisfactionInput, SatisfactionSummary, Score, ScoreKind};
    use folio::crm::timeline::{TimelineEntry, TimelineKind};
    use folio::exchange::imports::{ColumnMatch, FieldInfo, LikelyExisting, RowError};
    use folio::exchange::vouchers::Layout;
    use folio::exchange::{
        ExportFile, ExportKind, ExportRequest, Exported, ImportKind, ImportOptions, ImportPreview,
        ImportReport,
    };
    use folio::trade::accounting::{
        Account as LedgerAccount, Standard, VoucherSettings, VoucherSettingsInput,
    };
    use folio::trade::catalog::{
        Facet, Scan, StockFacets, StockFilter, StockPage, Supplier, SupplierInput, Title,
        TitleInput,
    };
    use folio::trade::company::Company;
    use folio::trade::orders::{
        ConfirmOptions, Confirmed, Order, OrderInput, OrderLine, OrderLineInput, OrderLink,
        OrderQuery, OrderStatus, OrderSummary, PasteMatch, PasteProblem, Pasted, PastedLine,
        PaymentMethod, ReadyBackorder, ShipInput,
    };
    use folio::trade::receivables::{
        Account, Aging, CustomerReturn, Payment, PaymentInput, ReturnInput, ReturnLine,
        ReturnLineInput, ReturnSummary, Statement, StatementLine,
    };
    use folio::trade::stock::{
        DocumentInput, DocumentLineInput, DocumentQuery, DocumentSummary, ItemCard, Movement,
        StockDocument, StockDocumentLine, StockValue,
    };
    use folio_sample::DemoReport;
    let cfg = ts_rs::Config::new().with_large_int("number");
    let decls = [
        Code::decl(&cfg),
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
        IfDuplicate::decl(&cfg),
        LikelyDuplicate::decl(&cfg),
        DuplicateReason::decl(&cfg),
        DuplicateMatch::decl(&cfg),
        DuplicateMember::decl(&cfg),
        DuplicateGroup::decl(&cfg),
        DuplicatePage::decl(&cfg),
        MergeReport::decl(&cfg),
        MergedInto::decl(&cfg),
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
        OrderLink::decl(&cfg),
        Order::decl(&cfg),
        OrderLineInput::decl(&cfg),
        OrderInput::decl(&cfg),
        ConfirmOptions::decl(&cfg),
        Confirmed::decl(&cfg),
        ShipInput::decl(&cfg),
        OrderSummary::decl(&cfg),
        OrderQuery::decl(&cfg),
        ReadyBackorder::decl(&cfg),
        PastedLine::decl(&cfg),
        PasteMatch::decl(&cfg),
        PasteProblem::decl(&cfg),
        Pasted::decl(&cfg),
        ReturnLineInput::decl(&cfg),
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
        ReminderKind::decl(&cfg),
        ReminderStatus::decl(&cfg),
        Bucket::decl(&cfg),
        Reminder::decl(&cfg),
        ReminderEvent::decl(&cfg),
        ReminderInput::decl(&cfg),
        DueFilter::decl(&cfg),
        DoneInput::decl(&cfg),
        TodayReminders::decl(&cfg),
        Away::decl(&cfg),
        InteractionKind::decl(&cfg),
        Interaction::decl(&cfg),
        InteractionInput::decl(&cfg),
        CaseCategory::decl(&cfg),
        CasePriority::decl(&cfg),
        CaseStatus::decl(&cfg),
        Case::decl(&cfg),
        CaseInput::decl(&cfg),
        CaseUpdate::decl(&cfg),
        ScoreKind::decl(&cfg),
        Score::decl(&cfg),
        SatisfactionSummary::decl(&cfg),
        SatisfactionInput::decl(&cfg),
        TimelineKind::decl(&cfg),
        TimelineEntry::decl(&cfg),
        RuleSettings::decl(&cfg),
        RunReport::decl(&cfg),
        JobStarted::decl(&cfg),
        JobState::decl(&cfg),
        JobEvent::decl(&cfg),
        Layout::decl(&cfg),
        ExportKind::decl(&cfg),
        ExportFile::decl(&cfg),
        ExportRequest::decl(&cfg),
        Exported::decl(&cfg),
        ImportKind::decl(&cfg),
        ImportOptions::decl(&cfg),
        RowError::decl(&cfg),
        LikelyExisting::decl(&cfg),
        ColumnMatch::decl(&cfg),
        FieldInfo::decl(&cfg),
        ImportPreview::decl(&cfg),
        ImportReport::decl(&cfg),
        Standard::decl(&cfg),
        LedgerAccount::decl(&cfg),
        VoucherSettings::decl(&cfg),
        VoucherSettingsInput::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test -p folio-desktop bindings`. Do not edit.\n",
    );
    for d in decls {
        out.push_str("\nexport ");
        out.push_str(&d);
        out.push('\n');
    }
    // Every code, so the UI's dictionaries can be checked against all of them.
    let codes: Vec<String> = Code::ALL.iter().map(|c| format!("'{c}'")).collect();
    out.push_str(&format!(
        "\nexport const ERROR_CODES: Code[] = [{}];\n",
        codes.join(", ")
    ));
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    fn root() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
    }

    /// Fails when the committed file is stale; `UPDATE_BINDINGS=1` rewrites it.
    #[test]
    fn bindings_are_fresh() {
        let path = root().join("ui/src/lib/bindings.ts");
        let want = super::typescript();
        if std::env::var("UPDATE_BINDINGS").is_ok() {
            std::fs::write(&path, &want).unwrap();
            return;
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "ui/src/lib/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p folio-desktop bindings` and commit it"
        );
    }
}
