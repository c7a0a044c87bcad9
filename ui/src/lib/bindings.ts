// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test --test bindings`. Do not edit.

export type ErrorPayload = { code: string, message: string, field?: string, };

export type AppStatus = { version: string, db_path: string, schema_version: number, 
/**
 * `en` or `zh-CN`: the saved choice, else the OS locale.
 */
language: string, customer_count: number, error: ErrorPayload | null, };

export type CustomerKind = "bookshop" | "school" | "library" | "company" | "distributor" | "individual";

export type Settlement = "firm" | "sale_or_return" | "consignment";

export type CustomerStatus = "active" | "archived";

export type Contact = { name: string, role: string, phone: string, email: string, wechat: string, };

export type Customer = { id: number, code: string, name: string, kind: CustomerKind, contacts: Array<Contact>, address: string, region: string, tax_id: string, discount_bp: number, 
/**
 * `None`: no credit limit.
 */
credit_limit_fen: number | null, payment_terms_days: number, settlement: Settlement, tags: Array<string>, notes: string, 
/**
 * `YYYY-MM-DD`, or `MM-DD` when the year is not known.
 */
birthday: string | null, status: CustomerStatus, created_at: string, updated_at: string, };

export type CustomerSummary = { id: number, code: string, name: string, kind: CustomerKind, region: string, contact: string, phone: string, discount_bp: number, credit_limit_fen: number | null, status: CustomerStatus, };

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
payment_terms_days: string, settlement: Settlement, tags: Array<string>, notes: string, birthday: string, };

export type ListQuery = { query: string, offset: number, limit: number, include_archived: boolean, };

export type CustomerPage = { 
/**
 * Rows in the whole list (for a search: the number of results found, up to the cap).
 */
total: number, offset: number, rows: Array<CustomerSummary>, };

export type DemoReport = { customers: number, suppliers: number, titles: number, 
/**
 * Copies put into stock by the sample purchase receipts.
 */
copies: number, };
