// State of the Orders section: which screen shows, and the entry points other
// sections use (the customer page starts an order for its customer).
import type { OrderStatus, PasteMatch, PasteProblem } from './bindings';
import type { MessageKey } from './i18n';
import { t } from './locale.svelte';
import { app, navigate } from './store.svelte';

export type OrderScreen =
  | { name: 'list' }
  | { name: 'editor'; id: number | null; customer: string }
  | { name: 'view'; id: number; backorder?: number | null }
  /** A return: on an order (its id), or standalone (null): no order quoted. */
  | { name: 'return'; id: number | null };

export const ordersUi = $state({
  screen: { name: 'list' } as OrderScreen,
  /** Bumped on every screen change: the page re-creates the screen's component. */
  seq: 0,
  /** Status filter of the list: '' for all. */
  status: '' as '' | OrderStatus,
  /** What the list's search box last sent (customer or order number): '' for all. */
  query: '',
  /** Dialogs open above the editor or the view: they own Esc and Ctrl+Enter. */
  modals: 0,
});

/**
 * What pasted lists left for the user in one order editor: titles to confirm (`chosen` is the
 * picked candidate's title id, '' until one is) and lines not added, each with a key of its own
 * (`seq` gives them), kept until added or dismissed.
 */
export type PasteLeft = {
  seq: number;
  matches: (PasteMatch & { key: number; chosen: string })[];
  problems: (PasteProblem & { key: number })[];
};

export function emptyPasteLeft(): PasteLeft {
  return { seq: 0, matches: [], problems: [] };
}

function show(screen: OrderScreen): void {
  ordersUi.screen = screen;
  ordersUi.seq += 1;
  ordersUi.modals = 0;
  if (app.route !== 'orders') navigate('orders');
}

/** Opens order entry, for a customer when one is given (their code). */
export function startOrder(customer = ''): void {
  show({ name: 'editor', id: null, customer });
}

/**
 * Opens an order: a draft in the editor, anything else on its page. Without the status the page
 * loads the order and sends a draft on to the editor.
 */
export function openOrder(id: number, status?: OrderStatus): void {
  if (status === 'draft') show({ name: 'editor', id, customer: '' });
  else show({ name: 'view', id });
}

/** The order page of a just-confirmed order, telling of the backorder made for the rest. */
export function showConfirmed(id: number, backorder: number | null): void {
  show({ name: 'view', id, backorder });
}

/** The return editor for an order's books. */
export function openReturn(id: number): void {
  show({ name: 'return', id });
}

/** The return editor for books a customer sends back without quoting an order. */
export function startReturn(): void {
  show({ name: 'return', id: null });
}

export function backToOrders(): void {
  show({ name: 'list' });
}

export function resetOrders(): void {
  ordersUi.screen = { name: 'list' };
  ordersUi.seq = 0;
  ordersUi.status = '';
  ordersUi.query = '';
  ordersUi.modals = 0;
}

export const ORDER_STATUSES: OrderStatus[] = ['draft', 'confirmed', 'shipped', 'completed', 'cancelled'];
export const PAYMENT_METHODS = ['on_account', 'cash', 'bank_transfer', 'wechat_alipay', 'cash_on_delivery'] as const;

/** The one label of an order status, everywhere; a status this build does not know reads as unknown. */
export function orderStatusLabel(status: string): string {
  return (ORDER_STATUSES as string[]).includes(status)
    ? t(`order_status_${status}` as MessageKey)
    : t('order_status_unknown', { status });
}

export function paymentMethodLabel(method: string): string {
  const key = `order_method_${method || 'on_account'}`;
  return (PAYMENT_METHODS as readonly string[]).includes(method || 'on_account') ? t(key as MessageKey) : method;
}

/** `SO-20260301-0001`, or `Draft #12` before the order is confirmed. */
export function orderLabel(o: { id: number; number: string | null }): string {
  return o.number ?? t('order_draft_label', { id: o.id });
}
