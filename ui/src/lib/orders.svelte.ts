// State of the Orders section: which screen shows, and the entry points other
// sections use (the customer page starts an order for its customer).
import { app, navigate } from './store.svelte';

export type OrderScreen =
  | { name: 'list' }
  | { name: 'editor'; id: number | null; customer: string }
  | { name: 'view'; id: number };

export const ordersUi = $state({
  screen: { name: 'list' } as OrderScreen,
});

/** Opens order entry, for a customer when one is given (their code). */
export function startOrder(customer = ''): void {
  ordersUi.screen = { name: 'editor', id: null, customer };
  if (app.route !== 'orders') navigate('orders');
}

/** Opens an order: a draft in the editor, anything else on its page. */
export function openOrder(id: number): void {
  ordersUi.screen = { name: 'view', id };
  if (app.route !== 'orders') navigate('orders');
}

export function resetOrders(): void {
  ordersUi.screen = { name: 'list' };
}
