// Sample records for the stock document tests (not a test file itself).
import type { DocumentSummary, StockDocument, Supplier, Title } from './bindings';

export function title(id: number, overrides: Partial<Title> = {}): Title {
  return {
    id,
    isbn: `97875321${String(id).padStart(5, '0')}`,
    list_price_fen: 4500,
    title: `活着 ${id}`,
    subtitle: '',
    authors: '余华',
    translator: '',
    publisher: '作家出版社',
    edition: '',
    pub_date: '2021-01',
    category_code: 'I247',
    category_name: '小说',
    binding: '',
    format: '',
    language: 'zh',
    tags: [],
    bin: 'A-01',
    reorder_point: 0,
    supplier: null,
    quantity: 10,
    ...overrides,
  };
}

export function supplier(id: number, overrides: Partial<Supplier> = {}): Supplier {
  return {
    id,
    name: id === 1 ? '人民文学出版社' : `供应商 ${id}`,
    contact: '李明',
    phone: '010-65252000',
    email: '',
    default_discount_bp: 6000,
    payment_terms_days: 60,
    notes: '',
    ...overrides,
  };
}

export function stockDocument(number: string, overrides: Partial<StockDocument> = {}): StockDocument {
  return {
    number,
    kind: 'receipt',
    supplier: '人民文学出版社',
    date: '2026-03-02',
    status: 'posted',
    reason: '',
    lines: [
      {
        isbn: '9787532100001',
        title: '活着 1',
        list_price_fen: 4500,
        quantity: 3,
        discount_bp: 6000,
        unit_cost_fen: 2700,
        net_fen: 8100,
        counted: null,
      },
    ],
    copies: 3,
    list_total_fen: 13500,
    net_total_fen: 8100,
    below_zero: [],
    reverses: null,
    supplier_invoice: '',
    supplier_invoice_date: null,
    ...overrides,
  };
}

export function summary(number: string, overrides: Partial<DocumentSummary> = {}): DocumentSummary {
  return {
    number,
    kind: 'receipt',
    supplier: '人民文学出版社',
    date: '2026-03-02',
    status: 'posted',
    reason: '',
    reverses: null,
    supplier_invoice: '',
    supplier_invoice_date: null,
    lines: 1,
    copies: 3,
    list_total_fen: 13500,
    net_total_fen: 8100,
    ...overrides,
  };
}
