// Sample records for the order tests (not a test file itself).
import type { Order, OrderLine, OrderSummary } from './bindings';
import { lineNetFen } from './documents';

export function orderLine(n: number, overrides: Partial<OrderLine> = {}): OrderLine {
  const base: OrderLine = {
    line_no: n,
    title_id: n,
    isbn: `97875321${String(n).padStart(5, '0')}`,
    title: `活着 ${n}`,
    list_price_fen: 4500,
    quantity: 2,
    line_discount_bp: null,
    discount_bp: 6500,
    list_fen: 0,
    net_fen: 0,
    on_hand: 10,
    returned: 0,
    ...overrides,
  };
  if (overrides.list_fen === undefined) base.list_fen = base.list_price_fen * base.quantity;
  if (overrides.net_fen === undefined) base.net_fen = lineNetFen(base.list_price_fen, base.quantity, base.discount_bp);
  return base;
}

/** An order whose totals are the sums of its lines. */
export function order(overrides: Partial<Order> = {}): Order {
  const lines = overrides.lines ?? [orderLine(1, { list_price_fen: 1290, quantity: 5 }), orderLine(2)];
  const list = lines.reduce((s, l) => s + l.list_fen, 0);
  const net = lines.reduce((s, l) => s + l.net_fen, 0);
  return {
    id: 7,
    number: 'SO-20260301-0001',
    status: 'confirmed',
    customer_id: 1,
    customer_code: 'C0001',
    customer_name: '新华书店',
    order_date: '2026-03-01',
    due_date: '2026-03-31',
    discount_bp: null,
    payment_method: 'on_account',
    credit_override: '',
    backorder_of: null,
    origin: null,
    backorders: [],
    stock_in: null,
    carrier: '',
    tracking: '',
    shipped_on: null,
    cancel_reason: '',
    notes: '',
    titles: lines.length,
    copies: lines.reduce((s, l) => s + l.quantity, 0),
    list_total_fen: list,
    net_total_fen: net,
    average_discount_bp: list > 0 ? Math.floor((net * 20000 + list) / (list * 2)) : 0,
    ...overrides,
    lines,
  };
}

export function orderSummary(o: Order): OrderSummary {
  return {
    id: o.id,
    number: o.number,
    status: o.status,
    customer_code: o.customer_code,
    customer_name: o.customer_name,
    order_date: o.order_date,
    titles: o.titles,
    copies: o.copies,
    list_total_fen: o.list_total_fen,
    net_total_fen: o.net_total_fen,
    stock_in: o.stock_in,
  };
}
