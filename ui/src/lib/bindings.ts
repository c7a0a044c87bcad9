// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test -p folio-desktop bindings`. Do not edit.

export type Code = "cancelled" | "job_running" | "already_reversed" | "amount_invalid" | "amount_not_positive" | "amount_range" | "birthday_invalid" | "code_invalid" | "code_taken" | "count_invalid" | "credit_exceeded" | "credit_invalid" | "credit_negative" | "credit_range" | "customer_referenced" | "customer_duplicate" | "customer_required" | "customer_unknown" | "date_invalid" | "db_busy" | "db_corrupt" | "db_damaged" | "db_error" | "db_locked" | "db_missing" | "db_read_only" | "db_too_new" | "demo_not_empty" | "demo_too_many" | "discount_invalid" | "discount_range" | "email_invalid" | "io_error" | "isbn_ambiguous" | "isbn_check_digit" | "isbn_fixed" | "isbn_invalid" | "isbn_prefix" | "isbn_unknown" | "kind_invalid" | "language_invalid" | "ledger_mismatch" | "line_invalid" | "lines_required" | "merge_into_archived" | "merge_same" | "name_required" | "not_found" | "number_range" | "nothing_to_ship" | "order_has_returns" | "order_not_cancellable" | "order_not_confirmed" | "order_not_draft" | "order_not_shipped" | "order_other_customer" | "order_unknown" | "payment_method_invalid" | "payment_on_account" | "period_invalid" | "phone_invalid" | "price_fixed" | "price_invalid" | "price_range" | "price_unknown" | "quantity_invalid" | "reason_required" | "reorder_invalid" | "return_not_on_order" | "return_too_many" | "reverse_reversal" | "settlement_invalid" | "stock_negative" | "stock_short" | "supplier_taken" | "supplier_unknown" | "tax_id_invalid" | "terms_invalid" | "text_invalid" | "terms_range" | "title_required" | "title_taken" | "title_unknown" | "too_long" | "too_many_lines" | "too_many_tags" | "case_category_invalid" | "case_closed" | "case_priority_invalid" | "case_status_invalid" | "case_unknown" | "interaction_kind_invalid" | "recurrence_invalid" | "reminder_kind_invalid" | "reminder_not_open" | "return_unknown" | "rule_setting_invalid" | "score_range" | "summary_required" | "time_invalid" | "total_range" | "import_cell" | "import_column_twice" | "import_columns_missing" | "import_duplicate" | "import_file_empty" | "import_file_too_large" | "import_file_unreadable" | "import_format_unknown" | "import_mapping_invalid" | "import_no_rows" | "import_on_file" | "import_refused" | "import_too_many_columns" | "import_too_many_rows";

export type ErrorPayload = { 
/**
 * One of [`Code`]; typed as a plain string in TypeScript because the UI also
 * makes payloads of its own (`unknown`) from what a failed `invoke` threw.
 */
code: string, message: string, field?: string, 
/**
 * The figures the message is made of (a balance, a limit, a line number),
 * so the UI can say the same in its own language instead of showing the
 * core's English `message`.
 */
params?: { [key in string]: string }, };

export type AppStatus = { version: string, db_path: string, schema_version: number, 
/**
 * `en` or `zh-CN`: the saved choice, else the OS locale.
 */
language: string, customer_count: number, title_count: number, 
/**
 * Whether stock may go below zero (Settings; off by default).
 */
allow_negative_stock: boolean, 
/**
 * Whether reminders falling due are told by a desktop notification
 * (Settings; on by default).
 */
notifications: boolean, error: ErrorPayload | null, 
/**
 * When the file has been found damaged (by the full check after start, or by
 * SQLite while reading): why. Reads keep working; every write is refused
 * with `db_damaged` until the file passes a full check again.
 */
damage: string | null, };

export type CustomerKind = "bookshop" | "school" | "library" | "company" | "distributor" | "individual";

export type Settlement = "firm" | "sale_or_return" | "consignment";

export type CustomerStatus = "active" | "archived";

export type Contact = { name: string, role: string, phone: string, email: string, wechat: string, 
/**
 * `YYYY-MM-DD` or `MM-DD`; blank: not known. In the lunar calendar (农历)
 * when `birthday_lunar` is set.
 */
birthday: string, birthday_lunar: boolean, };

export type Customer = { id: number, code: string, name: string, kind: CustomerKind, contacts: Array<Contact>, address: string, region: string, tax_id: string, discount_bp: number, 
/**
 * `None`: no credit limit.
 */
credit_limit_fen: number | null, payment_terms_days: number, settlement: Settlement, tags: Array<string>, notes: string, 
/**
 * The main contact's birthday: `YYYY-MM-DD`, or `MM-DD` when the year is
 * not known; a lunar (农历) month and day when `birthday_lunar` is set.
 */
birthday: string | null, birthday_lunar: boolean, status: CustomerStatus, created_at: string, updated_at: string, };

export type CustomerSummary = { id: number, code: string, name: string, kind: CustomerKind, region: string, contact: string, phone: string, discount_bp: number, credit_limit_fen: number | null, status: CustomerStatus, 
/**
 * What the customer owes now: the sum of their receivables ledger (negative when
 * in credit). Read per row through the ledger's customer index, so a page costs a
 * few index reads per customer however many customers are on file.
 */
balance_fen: number, };

export type CustomerInput = { 
/**
 * Blank: the next free `C0001`-style code.
 */
code: string, name: string, kind: CustomerKind, contacts: Array<Contact>, address: string, region: string, tax_id: string, 
/**
 * `6.5折`, `65%` or `0.65`; blank means full list price.
 */
discount: string, 
/**
 * Yuan (`5000`, `￥5,000.00`); blank means no limit.
 */
credit_limit: string, 
/**
 * Whole days; blank means due at once.
 */
payment_terms_days: string, settlement: Settlement, tags: Array<string>, notes: string, birthday: string, 
/**
 * The birthday is a lunar (农历) date.
 */
birthday_lunar: boolean, };

export type ListQuery = { query: string, offset: number, limit: number, include_archived: boolean, };

export type CustomerPage = { 
/**
 * Rows in the whole list (for a search: the number of results found, up to the cap).
 */
total: number, offset: number, rows: Array<CustomerSummary>, };

export type IfDuplicate = "refuse" | "save";

export type LikelyDuplicate = { id: number, code: string, name: string, 
/**
 * The phone in common, as the customer on file has it written.
 */
phone: string, status: CustomerStatus, };

export type DuplicateReason = "tax_id" | "phone" | "name";

export type DuplicateMatch = { reason: DuplicateReason, value: string, };

export type DuplicateMember = { id: number, code: string, name: string, 
/**
 * Archived customers are listed (marked so): an old record may be the
 * duplicate of a new one. A group needs at least one active customer.
 */
status: CustomerStatus, balance_fen: number, 
/**
 * Orders that are not drafts or cancelled.
 */
order_count: number, 
/**
 * The latest of those orders' dates, `YYYY-MM-DD`.
 */
last_order_date: string | null, };

export type DuplicateGroup = { reasons: Array<DuplicateMatch>, 
/**
 * The first [`MAX_MEMBERS`], in code order.
 */
members: Array<DuplicateMember>, 
/**
 * How many customers the group has in all.
 */
member_count: number, };

export type DuplicatePage = { total: number, offset: number, groups: Array<DuplicateGroup>, };

export type MergeReport = { from_code: string, into_code: string, orders: number, returns: number, payments: number, 
/**
 * Rows of the receivables ledger: orders, returns, payments, opening
 * balances and cancellations.
 */
ledger_entries: number, interactions: number, cases: number, scores: number, reminders: number, 
/**
 * Of those, the open ones a rule had made about the merged customer
 * (overdue, dormant, a birthday…), closed: the rules look at the merged
 * account afresh on their next run.
 */
reminders_closed: number, 
/**
 * Reminders that named the merged customer in their list (a statement's).
 */
reminder_lists: number, 
/**
 * Contacts copied that the customer kept did not have (by phone, or by
 * name for a contact with no phone).
 */
contacts: number, tags: number, 
/**
 * The merged customer's balance, now the kept one's too.
 */
balance_moved_fen: number, 
/**
 * The kept customer's balance after the merge.
 */
balance_fen: number, };

export type MergedInto = { 
/**
 * The customer kept, when one still holds the code the merge recorded
 * (and was on file then); `None` when its code has since been changed.
 */
id: number | null, 
/**
 * The kept customer's code as the merge recorded it.
 */
code: string, 
/**
 * The kept customer's name now; blank when `id` is `None`.
 */
name: string, 
/**
 * When the merge was made: its audit row's time.
 */
at: string, };

export type DemoReport = { customers: number, suppliers: number, titles: number, 
/**
 * Copies put into stock by the sample purchase receipts.
 */
copies: number, };

export type Supplier = { id: number, name: string, contact: string, phone: string, email: string, default_discount_bp: number, payment_terms_days: number, notes: string, };

export type SupplierInput = { name: string, contact: string, phone: string, email: string, 
/**
 * Purchase discount: `6折`, `60%`, `0.6`; blank means 6折.
 */
discount: string, payment_terms_days: string, notes: string, };

export type Title = { id: number, isbn: string, list_price_fen: number, title: string, subtitle: string, authors: string, translator: string, publisher: string, edition: string, pub_date: string, category_code: string, category_name: string, binding: string, format: string, language: string, tags: Array<string>, bin: string, reorder_point: number, supplier: string | null, quantity: number, };

export type TitleInput = { isbn: string, 
/**
 * Yuan: `45.00`, `￥45`.
 */
list_price: string, title: string, subtitle: string, authors: string, translator: string, publisher: string, edition: string, pub_date: string, category_code: string, category_name: string, binding: string, format: string, language: string, tags: Array<string>, bin: string, reorder_point: string, 
/**
 * A supplier's name; blank for none.
 */
supplier: string, };

export type StockFilter = { 
/**
 * Only items at or below their reorder point (and out of stock).
 */
low: boolean, out_of_stock: boolean, 
/**
 * Slow movers: in stock, on file for at least this many days, and no sale in
 * them. 0 turns the filter off.
 */
slow_days: number, 
/**
 * 中图法 class or the user's own category: `I2` takes in `I247`.
 */
category: string, publisher: string, bin: string, 
/**
 * What was typed or scanned: ranked like the search box (ISBN in any form,
 * title, pinyin, author, publisher). Blank lists by title.
 */
query: string, limit: number, offset: number, };

export type StockPage = { total: number, rows: Array<Title>, };

export type Facet = { value: string, 
/**
 * A category's name (from its titles); blank for publishers and bins.
 */
label: string, count: number, };

export type StockFacets = { categories: Array<Facet>, publishers: Array<Facet>, bins: Array<Facet>, };

export type Scan = { 
/**
 * The canonical ISBN-13 when the text was an ISBN (on file or not).
 */
isbn: string | null, 
/**
 * The matching items: every price of the ISBN, or the best search hits.
 */
titles: Array<Title>, };

export type StockValue = { titles: number, copies: number, list_value_fen: number, cost_value_fen: number, };

export type Movement = { at: string, kind: string, quantity: number, unit_cost_fen: number, document: string | null, reason: string, };

export type ItemCard = { title: Title, 
/**
 * Cost per copy of the last receipt (0 before any).
 */
last_cost_fen: number, cost_value_fen: number, list_value_fen: number, 
/**
 * Newest first, at most [`CARD_MOVEMENTS`].
 */
movements: Array<Movement>, 
/**
 * How many movements there are in all.
 */
movement_count: number, };

export type DocumentLineInput = { title_id: number, 
/**
 * Copies; for a stocktake, the counted quantity (0 allowed).
 */
quantity: string, 
/**
 * Purchase discount as typed (`6折`, `60%`, `0.6`); blank takes the supplier's.
 */
discount: string, };

export type DocumentInput = { 
/**
 * The supplier's name (receipts and returns to supplier).
 */
supplier: string, 
/**
 * Why (required for a stocktake, optional for a return).
 */
reason: string, 
/**
 * A receipt's supplier invoice number, as printed on it; may be blank.
 */
invoice: string, 
/**
 * The invoice's date, `YYYY-MM-DD`; may be blank.
 */
invoice_date: string, lines: Array<DocumentLineInput>, };

export type StockDocumentLine = { isbn: string, title: string, list_price_fen: number, quantity: number, discount_bp: number, unit_cost_fen: number, net_fen: number, counted: number | null, };

export type StockDocument = { number: string, kind: string, supplier: string | null, date: string, status: string, reason: string, 
/**
 * The number of the document this one reverses, if it is a reversal.
 */
reverses: string | null, 
/**
 * A receipt's supplier invoice number (发票号), blank when none was given.
 */
supplier_invoice: string, 
/**
 * The invoice's date, `YYYY-MM-DD`.
 */
supplier_invoice_date: string | null, lines: Array<StockDocumentLine>, copies: number, list_total_fen: number, net_total_fen: number, 
/**
 * ISBNs of this document's items that are now below zero (only possible when
 * the negative-stock setting is on): the app warns about them.
 */
below_zero: Array<string>, };

export type DocumentQuery = { kind: string, 
/**
 * One supplier's documents (its id), for its purchase history; `None` for all.
 */
supplier_id: number | null, limit: number, offset: number, };

export type DocumentSummary = { number: string, kind: string, supplier: string | null, date: string, status: string, reason: string, 
/**
 * The number of the document this one reverses, if it is a reversal.
 */
reverses: string | null, 
/**
 * A receipt's supplier invoice number; blank when none.
 */
supplier_invoice: string, supplier_invoice_date: string | null, lines: number, copies: number, list_total_fen: number, net_total_fen: number, };

export type OrderStatus = "draft" | "confirmed" | "shipped" | "completed" | "cancelled";

export type PaymentMethod = "cash" | "bank_transfer" | "wechat_alipay" | "cash_on_delivery" | "on_account" | "other";

export type OrderLine = { line_no: number, title_id: number, isbn: string, title: string, list_price_fen: number, quantity: number, 
/**
 * The line's own discount, when it has one.
 */
line_discount_bp: number | null, 
/**
 * The discount that applies: the line's, else the order's, else the customer's.
 */
discount_bp: number, 
/**
 * 码洋 of the line: list price × quantity.
 */
list_fen: number, 
/**
 * 实洋 of the line, rounded half up once.
 */
net_fen: number, 
/**
 * Copies on hand now (what confirming could ship).
 */
on_hand: number, 
/**
 * Copies of this line that came back on customer returns so far: what is
 * left to return is `quantity - returned`.
 */
returned: number, };

export type OrderLink = { id: number, number: string | null, status: OrderStatus, };

export type Order = { id: number, 
/**
 * `SO-YYYYMMDD-NNNN` once confirmed.
 */
number: string | null, status: OrderStatus, customer_id: number, customer_code: string, customer_name: string, order_date: string, due_date: string | null, 
/**
 * The order's own discount, when it has one.
 */
discount_bp: number | null, payment_method: PaymentMethod, credit_override: string, 
/**
 * The order this one is the unshipped remainder of (its number).
 */
backorder_of: string | null, 
/**
 * The same order, to open it.
 */
origin: OrderLink | null, 
/**
 * The backorders made of this order's shortages.
 */
backorders: Array<OrderLink>, 
/**
 * For a backorder still in draft: whether the stock for every line has come
 * in (see [`backorder_ready`]); `None` for any other order.
 */
stock_in: boolean | null, carrier: string, tracking: string, shipped_on: string | null, cancel_reason: string, notes: string, lines: Array<OrderLine>, 
/**
 * 品种数: distinct items.
 */
titles: number, 
/**
 * 册数
 */
copies: number, 
/**
 * 码洋
 */
list_total_fen: number, 
/**
 * 实洋: the sum of the lines' nets.
 */
net_total_fen: number, 
/**
 * 平均折扣 = 实洋 ÷ 码洋, in basis points (0 for an empty order).
 */
average_discount_bp: number, };

export type OrderLineInput = { title_id: number, quantity: string, 
/**
 * The line's discount; blank takes the order's.
 */
discount: string, };

export type OrderInput = { 
/**
 * The customer's code.
 */
customer: string, 
/**
 * The order's discount; blank takes the customer's.
 */
discount: string, 
/**
 * Blank means on account.
 */
payment_method: string, notes: string, lines: Array<OrderLineInput>, };

export type ConfirmOptions = { 
/**
 * Ship what is in stock and keep the rest as a backorder (a new draft).
 */
ship_available: boolean, 
/**
 * Why the credit limit may be exceeded; blank means it may not.
 */
credit_override: string, };

export type Confirmed = { order: Order, backorder: Order | null, };

export type ShipInput = { carrier: string, tracking: string, 
/**
 * `YYYY-MM-DD`; blank means today.
 */
date: string, };

export type OrderSummary = { id: number, number: string | null, status: OrderStatus, customer_code: string, customer_name: string, order_date: string, titles: number, copies: number, list_total_fen: number, net_total_fen: number, 
/**
 * For a backorder draft: whether its stock has come in; else `None`.
 */
stock_in: boolean | null, };

export type OrderQuery = { 
/**
 * A customer's code; blank for all.
 */
customer: string, 
/**
 * One status; blank for all.
 */
status: string, 
/**
 * What was typed in the list's search box: a customer (code, name, pinyin initials,
 * phone, as the customer search finds them) or part of an order number; blank for all.
 */
query: string, limit: number, offset: number, };

export type ReadyBackorder = { id: number, 
/**
 * The number of the order it is the remainder of.
 */
origin: string | null, customer_code: string, customer_name: string, 
/**
 * When the backorder was made.
 */
order_date: string, };

export type PastedLine = { 
/**
 * 1-based line of the pasted text.
 */
line: number, title_id: number, isbn: string, title: string, list_price_fen: number, quantity: number, };

export type PasteMatch = { 
/**
 * 1-based line of the pasted text.
 */
line: number, text: string, quantity: number, candidates: Array<PastedLine>, };

export type PasteProblem = { 
/**
 * 1-based line of the pasted text.
 */
line: number, text: string, 
/**
 * isbn_invalid, isbn_check_digit, isbn_prefix, isbn_unknown, title_unknown or
 * quantity_invalid.
 */
code: Code, };

export type Pasted = { lines: Array<PastedLine>, matches: Array<PasteMatch>, problems: Array<PasteProblem>, };

export type ReturnLineInput = { title_id: number, quantity: string, 
/**
 * As typed; blank takes the order's price or the customer's discount.
 */
discount: string, 
/**
 * Written off on arrival instead of going back on the shelf. The customer is
 * credited the same either way: the books were sold to them at that price.
 */
damaged: boolean, };

export type ReturnInput = { customer: string, 
/**
 * The order the books came on (its number); blank for a return without one.
 */
order: string, 
/**
 * Every line is damaged (the CLI's `--damaged`); the app says it per line.
 * Damaged copies are written off; saleable ones go back into stock.
 */
damaged: boolean, reason: string, 
/**
 * The app's lines (the CLI passes its own).
 */
lines: Array<ReturnLineInput>, };

export type ReturnLine = { isbn: string, title: string, list_price_fen: number, quantity: number, discount_bp: number, net_fen: number, 
/**
 * Written off on arrival; a saleable line went back into stock.
 */
damaged: boolean, };

export type CustomerReturn = { number: string, customer_id: number, customer_code: string, 
/**
 * For the printed return note.
 */
customer_name: string, order: string | null, date: string, 
/**
 * Every line is damaged (each line says its own).
 */
damaged: boolean, reason: string, lines: Array<ReturnLine>, copies: number, list_total_fen: number, 
/**
 * What the customer is credited: the lines' nets at the original prices.
 */
net_total_fen: number, };

export type ReturnSummary = { number: string, order: string | null, date: string, damaged: boolean, copies: number, net_total_fen: number, };

export type PaymentInput = { customer: string, 
/**
 * Yuan as typed: `1234.50`, `￥1,234.50`.
 */
amount: string, 
/**
 * cash, bank_transfer, wechat_alipay, cash_on_delivery, other; blank: bank transfer.
 */
method: string, 
/**
 * `YYYY-MM-DD`; blank means today.
 */
date: string, 
/**
 * The bank's or WeChat's reference, a cheque number.
 */
reference: string, };

export type Payment = { number: string, customer_code: string, date: string, amount_fen: number, method: string, reference: string, 
/**
 * The customer's balance after it.
 */
balance_fen: number, };

export type Aging = { code: string, name: string, balance_fen: number, 
/**
 * Open items not yet past their due date.
 */
current_fen: number, days_1_30_fen: number, days_31_60_fen: number, days_61_90_fen: number, over_90_fen: number, 
/**
 * Credit left over once every open item is settled (zero or negative): what we owe the
 * customer. It is a column of its own so that the buckets and it always add up to the
 * balance, for a customer in credit as for one who owes.
 */
credit_fen: number, 
/**
 * The customer's credit limit; `None`: no limit.
 */
credit_limit_fen: number | null, 
/**
 * The date of the latest payment received, if any.
 */
last_payment_date: string | null, 
/**
 * Its amount.
 */
last_payment_fen: number | null, };

export type StatementLine = { date: string, 
/**
 * opening, order, return, payment, cancellation
 */
kind: string, reference: string, 
/**
 * What the customer owes more (orders, opening balances).
 */
debit_fen: number, 
/**
 * What the customer owes less (returns, payments, cancellations).
 */
credit_fen: number, balance_fen: number, 
/**
 * 码洋 of an order or a return on the line: Σ list price × quantity of its lines;
 * `None` for payments, opening balances and cancellations, which have no books.
 */
list_total_fen: number | null, 
/**
 * Its average discount, 实洋 ÷ 码洋 in basis points (see [`orders::average_bp`]).
 */
discount_bp: number | null, };

export type Statement = { code: string, name: string, 
/**
 * Where the statement is sent, for its printed head.
 */
address: string, from: string, to: string, opening_balance_fen: number, lines: Array<StatementLine>, total_debit_fen: number, total_credit_fen: number, closing_balance_fen: number, };

export type Account = { code: string, balance_fen: number, orders: Array<OrderSummary>, returns: Array<ReturnSummary>, payments: Array<Payment>, 
/**
 * Copies on confirmed (not cancelled) orders, and copies that came back.
 */
copies_sold: number, copies_returned: number, 
/**
 * Returned ÷ sold, in basis points (0 when nothing was sold).
 */
return_rate_bp: number, };

export type Company = { name: string, address: string, phone: string, tax_id: string, 
/**
 * Bank and account number, for customers paying by transfer.
 */
bank: string, };

export type ReminderKind = "call" | "visit" | "collect" | "catalogue" | "care" | "other";

export type ReminderStatus = "open" | "done" | "snoozed" | "closed";

export type Bucket = "overdue" | "today" | "upcoming";

export type Reminder = { id: number, 
/**
 * The rule that made it (`dormant`, `overdue`, …); `None`: made by hand.
 */
rule: string | null, 
/**
 * The customer's code, when it is about one customer.
 */
customer: string | null, customer_name: string | null, kind: ReminderKind, 
/**
 * `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM` when it has a time.
 */
due: string, status: ReminderStatus, 
/**
 * While snoozed: when it comes back.
 */
snoozed_until: string | null, 
/**
 * Where it stands against today (from `snoozed_until` while snoozed);
 * `None` once done or closed.
 */
bucket: Bucket | null, note: string, 
/**
 * `30d`, `2w`, `3m`, `1y`; `None`: once.
 */
every: string | null, 
/**
 * Other customers it concerns (a festival's or a statement's list), as
 * `code name`: the first [`NAMES_SHOWN`] of them, by when they were added.
 */
customers: Array<string>, 
/**
 * How many customers it concerns in all (the list above may stop short).
 */
customers_total: number, 
/**
 * The title (ISBN and title) of a stock reminder, the order number of a
 * backorder's, the case of a follow-up's.
 */
title: string | null, order: string | null, case_id: number | null, created_at: string, closed_at: string | null, };

export type ReminderEvent = { at: string, 
/**
 * `created`, `snoozed`, `done`, `next`, `closed`, `reopened`.
 */
event: string, note: string, };

export type ReminderInput = { 
/**
 * The customer's code; blank: about no one customer.
 */
customer: string, 
/**
 * `call`, `visit`, `collect`, `catalogue`, `care`, `other`; blank: `call`.
 */
kind: string, 
/**
 * `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` (also with a space before the time).
 */
due: string, 
/**
 * `30d`, `2w`, `3m`, `1y`; blank: once.
 */
every: string, note: string, };

export type DueFilter = "overdue" | "today" | "upcoming" | "open" | "all";

export type DoneInput = { 
/**
 * Blank: nothing next (a recurring reminder moves to its next occurrence anyway).
 */
next_due: string, next_note: string, };

export type TodayReminders = { 
/**
 * The core's today (`YYYY-MM-DD`, the PC's local date; `FOLIO_NOW` pins it),
 * which the buckets were made against: the window counts "overdue by N
 * days" from it, not from its own clock.
 */
date: string, overdue: Array<Reminder>, today: Array<Reminder>, 
/**
 * Due in the next seven days.
 */
upcoming: Array<Reminder>, 
/**
 * Every open reminder overdue or due today, however many the lists show.
 */
due_count: number, };

export type Away = { 
/**
 * The last day the app was opened before today; `None` on the first run
 * or when it was opened earlier today or yesterday (nothing to catch up).
 */
since: string | null, fell_due: Array<Reminder>, };

export type InteractionKind = "phone" | "visit" | "wechat" | "email" | "meeting" | "note";

export type Interaction = { id: number, customer: string, customer_name: string, kind: InteractionKind, 
/**
 * Local, `YYYY-MM-DDTHH:MM`.
 */
happened_at: string, who: string, summary: string, outcome: string, next_step: string, 
/**
 * The order it was about (its number).
 */
order: string | null, case_id: number | null, 
/**
 * The reminder its next step made.
 */
next_reminder_id: number | null, created_at: string, };

export type InteractionInput = { customer: string, 
/**
 * `phone`, `visit`, `wechat`, `email`, `meeting`, `note`; blank: `phone`.
 */
kind: string, 
/**
 * `YYYY-MM-DD HH:MM` (or with `T`); blank: now.
 */
happened_at: string, who: string, summary: string, outcome: string, next_step: string, 
/**
 * A date (and time) for the next step: makes a reminder in the same transaction.
 */
next_date: string, 
/**
 * The next step's reminder type; blank: `call`.
 */
next_kind: string, 
/**
 * The order it was about: its number (`SO-20261123-0001`) or `#id`.
 */
order: string, case_id: number | null, 
/**
 * Logged from this reminder ("done, and log the call"): it is marked done.
 */
reminder_id: number | null, 
/**
 * Satisfaction given on the call: CSAT 1–5, NPS 0–10; blank: none asked.
 */
csat: string, nps: string, };

export type CaseCategory = "wrong_title" | "damaged" | "short_shipment" | "late" | "price" | "other";

export type CasePriority = "low" | "normal" | "high";

export type CaseStatus = "open" | "in_progress" | "resolved" | "closed";

export type Case = { id: number, customer: string, customer_name: string, 
/**
 * The order it is about (its number).
 */
order: string | null, 
/**
 * The order's line numbers it is about.
 */
lines: number[], category: CaseCategory, priority: CasePriority, owner: string, status: CaseStatus, summary: string, resolution: string, 
/**
 * The customer return that gave the credit, when one did.
 */
return_number: string | null, opened_at: string, first_response_at: string | null, resolved_at: string | null, closed_at: string | null, updated_at: string, };

export type CaseInput = { customer: string, 
/**
 * The order's number; blank: about no one order.
 */
order: string, 
/**
 * Line numbers on that order.
 */
lines: number[], 
/**
 * `wrong_title`, `damaged`, `short_shipment`, `late`, `price`, `other`.
 */
category: string, 
/**
 * `low`, `normal`, `high`; blank: normal.
 */
priority: string, owner: string, summary: string, };

export type CaseUpdate = { 
/**
 * `open`, `in_progress`, `resolved`, `closed`.
 */
status: string, resolution: string, priority: string, owner: string, 
/**
 * The customer return (its number) that gave the credit.
 */
return_number: string, 
/**
 * Asked when the case closes: CSAT 1–5; blank: not asked.
 */
csat: string, };

export type ScoreKind = "csat" | "nps";

export type Score = { kind: ScoreKind, score: number, comment: string, recorded_at: string, case_id: number | null, };

export type SatisfactionSummary = { latest_csat: Score | null, latest_nps: Score | null, csat: Array<Score>, nps: Array<Score>, };

export type SatisfactionInput = { customer: string, 
/**
 * `csat` or `nps`.
 */
kind: string, score: string, comment: string, };

export type TimelineKind = "interaction" | "order" | "return" | "payment" | "cancellation" | "opening" | "case" | "satisfaction";

export type TimelineEntry = { kind: TimelineKind, 
/**
 * A date (`YYYY-MM-DD`) or a local time (`YYYY-MM-DDTHH:MM`).
 */
at: string, 
/**
 * The row it comes from: an interaction's, a case's, a document's number.
 */
id: number, 
/**
 * The document's number, the interaction's type, the case's category, the score's kind.
 */
label: string, 
/**
 * What was said, the case's summary, the score.
 */
summary: string, 
/**
 * The posting's amount (what the customer owes more, or less when negative).
 */
amount_fen: number | null, 
/**
 * A case's status; an interaction's next step.
 */
detail: string, };

export type RuleSettings = { 
/**
 * A customer who has ordered before and has gone quiet.
 */
dormant_enabled: boolean, 
/**
 * Quiet for longer than this many days, for a customer with fewer than
 * three order days to judge their own rhythm by.
 */
dormant_days: number, 
/**
 * Otherwise quiet for longer than this many times their usual (median)
 * gap between orders.
 */
dormant_factor: number, 
/**
 * Money past its due date by the customer's payment terms.
 */
overdue_enabled: boolean, 
/**
 * A balance above the credit limit.
 */
over_credit_enabled: boolean, 
/**
 * Contacts' and customers' birthdays, Gregorian or lunar.
 */
birthday_enabled: boolean, 
/**
 * How many days ahead a birthday is told of.
 */
birthday_days: number, 
/**
 * Spring Festival, Mid-Autumn, Teachers' Day (schools), New Year.
 */
festival_enabled: boolean, 
/**
 * How many days ahead a festival is told of.
 */
festival_days: number, 
/**
 * A festival names the active customers who ordered within this many days.
 */
festival_recent_days: number, 
/**
 * A title at or below its reorder point.
 */
low_stock_enabled: boolean, 
/**
 * A backorder whose stock has come in.
 */
backorder_enabled: boolean, 
/**
 * A sale-or-return or consignment account owing, with no payment for a while.
 */
settlement_enabled: boolean, 
/**
 * No payment for this many days.
 */
settlement_days: number, 
/**
 * A case resolved and not yet closed: ask whether the customer is content.
 */
case_follow_up_enabled: boolean, 
/**
 * Days after a case was resolved.
 */
case_follow_up_days: number, 
/**
 * Month-end statements for customers on account.
 */
statement_enabled: boolean, 
/**
 * How many days before the month's last day.
 */
statement_days: number, };

export type RunReport = { 
/**
 * The reminders it made, in the order it made them.
 */
created: Array<Reminder>, 
/**
 * The reminders it closed because their condition cleared (or their date
 * passed); each one's history says why.
 */
closed: Array<Reminder>, };

export type JobStarted = { id: number, };

export type JobState = "running" | "done" | "failed" | "cancelled";

export type JobEvent = { id: number, 
/**
 * What the job does: `sample`, later `export`, `import`, `backup`, ….
 */
kind: string, state: JobState, done: number, total: number, error: ErrorPayload | null, 
/**
 * What a job that is done made (an export's file and row count), as the
 * core's result type; null while running and for jobs with nothing to say.
 */
result: unknown, };

export type Layout = "kingdee" | "yonyou" | "xero" | "xero_credit_notes";

export type ExportKind = "customers" | "orders" | "ledger" | "returns" | "payments" | "receivables" | "statement" | "stock" | "pack" | "vouchers";

export type ExportFile = "xlsx" | "csv_utf8" | "csv_gbk";

export type ExportRequest = { kind: ExportKind, 
/**
 * First day, `YYYY-MM-DD`; blank: from the start.
 */
from: string, 
/**
 * Last day, `YYYY-MM-DD`; blank: to the end.
 */
to: string, 
/**
 * The customer's code, for a statement.
 */
customer: string, 
/**
 * The month, `YYYY-MM`, for the accountant pack and the vouchers.
 */
month: string, 
/**
 * Whose import layout the vouchers take; Kingdee when not given.
 */
layout: Layout | null, 
/**
 * The language of sheet names and headers: the window's (`en`, `zh-CN`),
 * else the file's setting.
 */
lang: string | null, file: ExportFile, };

export type Exported = { path: string, 
/**
 * Data rows (not the header or the totals row).
 */
rows: number, };

export type ImportKind = "customers" | "books" | "stock" | "receivables";

export type ImportOptions = { 
/**
 * Existing records with the same code (customers) or ISBN and price
 * (titles) are updated instead of being errors.
 */
update: boolean, 
/**
 * Imports the good rows and writes the bad ones to an error report.
 */
skip_invalid: boolean, 
/**
 * Header → field, over the aliases and the remembered mapping; a field of
 * `""` or `"-"` leaves the column out.
 */
mapping: { [key in string]: string }, 
/**
 * Where the error report goes; beside the file when not given.
 */
report: string | null, };

export type RowError = { 
/**
 * The row as the spreadsheet numbers it (the header row included).
 */
row: number, 
/**
 * The column's header as the file has it; blank for the row as a whole.
 */
column: string, message: string, code: string, };

export type LikelyExisting = { row: number, code: string, name: string, 
/**
 * What they share: `phone`, `tax_id` or `name`.
 */
by: string, };

export type ColumnMatch = { header: string, 
/**
 * The field; `None` for a column left out (unknown, or mapped to nothing).
 */
field: string | null, 
/**
 * `alias`, `mapping` (given by the caller), `remembered` or `none`.
 */
by: string, };

export type FieldInfo = { name: string, required: boolean, en: string, zh: string, };

export type ImportPreview = { kind: ImportKind, header_row: number, headers: Array<string>, columns: Array<ColumnMatch>, 
/**
 * Headers matched to no field (not an error by themselves).
 */
unknown: Array<string>, 
/**
 * Required fields that no column gives: the import is refused.
 */
missing: Array<string>, 
/**
 * Data rows (blank rows left out).
 */
rows: number, 
/**
 * Rows that would be added, and rows that would update a record on file.
 */
new: number, updates: number, 
/**
 * Rows with at least one problem.
 */
invalid: number, errors: Array<RowError>, 
/**
 * Rows that look like a customer on file (at most [`MAX_LIKELY`]).
 */
existing: Array<LikelyExisting>, fields: Array<FieldInfo>, };

export type ImportReport = { kind: ImportKind, 
/**
 * Rows written: added and updated.
 */
imported: number, updated: number, 
/**
 * Bad rows left out (with `skip_invalid`), written to `report`.
 */
skipped: number, 
/**
 * True when nothing was written because some row was bad (not `skip_invalid`).
 */
refused: boolean, errors: Array<RowError>, report: string | null, 
/**
 * Stock documents posted (opening stock).
 */
documents: Array<string>, };

export type Standard = "small" | "enterprise";

export type LedgerAccount = { code: string, name: string, };

export type VoucherSettings = { standard: Standard, 
/**
 * 应收账款, debited by a sale and credited by a payment.
 */
receivable: LedgerAccount, 
/**
 * 主营业务收入, credited by a sale with its amount before tax.
 */
revenue: LedgerAccount, 
/**
 * 应交税费-应交增值税-销项税额, credited by a sale with its output VAT.
 */
output_vat: LedgerAccount, 
/**
 * 银行存款, debited by a payment by transfer, WeChat/Alipay and the rest.
 */
bank: LedgerAccount, 
/**
 * 库存现金, debited by a payment in cash.
 */
cash: LedgerAccount, 
/**
 * VAT in basis points of the amount before tax: 900 = 9% (books, a general
 * taxpayer); 0 writes no tax line. 0 to [`MAX_VAT_BP`].
 */
vat_rate_bp: number, 
/**
 * 凭证字: 记, or 收/转 where the books keep several words.
 */
voucher_word: string, 
/**
 * 制单人 written on every voucher line; blank leaves it to the importer.
 */
preparer: string, 
/**
 * Xero: the revenue account's code (Xero's default chart: 200 Sales).
 */
xero_account_code: string, 
/**
 * Xero: the tax rate's name as the organisation has it.
 */
xero_tax_type: string, };

export type VoucherSettingsInput = { standard: string | null, receivable: LedgerAccount | null, revenue: LedgerAccount | null, output_vat: LedgerAccount | null, bank: LedgerAccount | null, cash: LedgerAccount | null, vat_rate: string | null, voucher_word: string | null, preparer: string | null, xero_account_code: string | null, xero_tax_type: string | null, };

export const ERROR_CODES: Code[] = ['cancelled', 'job_running', 'already_reversed', 'amount_invalid', 'amount_not_positive', 'amount_range', 'birthday_invalid', 'code_invalid', 'code_taken', 'count_invalid', 'credit_exceeded', 'credit_invalid', 'credit_negative', 'credit_range', 'customer_referenced', 'customer_duplicate', 'customer_required', 'customer_unknown', 'date_invalid', 'db_busy', 'db_corrupt', 'db_damaged', 'db_error', 'db_locked', 'db_missing', 'db_read_only', 'db_too_new', 'demo_not_empty', 'demo_too_many', 'discount_invalid', 'discount_range', 'email_invalid', 'io_error', 'isbn_ambiguous', 'isbn_check_digit', 'isbn_fixed', 'isbn_invalid', 'isbn_prefix', 'isbn_unknown', 'kind_invalid', 'language_invalid', 'ledger_mismatch', 'line_invalid', 'lines_required', 'merge_into_archived', 'merge_same', 'name_required', 'not_found', 'number_range', 'nothing_to_ship', 'order_has_returns', 'order_not_cancellable', 'order_not_confirmed', 'order_not_draft', 'order_not_shipped', 'order_other_customer', 'order_unknown', 'payment_method_invalid', 'payment_on_account', 'period_invalid', 'phone_invalid', 'price_fixed', 'price_invalid', 'price_range', 'price_unknown', 'quantity_invalid', 'reason_required', 'reorder_invalid', 'return_not_on_order', 'return_too_many', 'reverse_reversal', 'settlement_invalid', 'stock_negative', 'stock_short', 'supplier_taken', 'supplier_unknown', 'tax_id_invalid', 'terms_invalid', 'text_invalid', 'terms_range', 'title_required', 'title_taken', 'title_unknown', 'too_long', 'too_many_lines', 'too_many_tags', 'case_category_invalid', 'case_closed', 'case_priority_invalid', 'case_status_invalid', 'case_unknown', 'interaction_kind_invalid', 'recurrence_invalid', 'reminder_kind_invalid', 'reminder_not_open', 'return_unknown', 'rule_setting_invalid', 'score_range', 'summary_required', 'time_invalid', 'total_range', 'import_cell', 'import_column_twice', 'import_columns_missing', 'import_duplicate', 'import_file_empty', 'import_file_too_large', 'import_file_unreadable', 'import_format_unknown', 'import_mapping_invalid', 'import_no_rows', 'import_on_file', 'import_refused', 'import_too_many_columns', 'import_too_many_rows'];
