// The controller of order entry (OrderEditor.svelte draws it): the draft's fields and lines, its
// loading, the save-as-you-type chain, scanned and pasted lines, and the confirm flow with its
// two outcomes the user decides on (a stock shortage, an exceeded credit limit). The view keeps
// only what it needs to draw, and tells the controller how to move focus.
import { onDestroy, onMount, tick, untrack } from 'svelte';
import { api, toErrorPayload } from '../../lib/api';
import type { ConfirmOptions, Customer, CustomerSummary, ErrorPayload, Order, OrderInput, OrderLink, PastedLine, Title } from '../../lib/bindings';
import { errorLine } from '../../lib/documents';
import { docs } from '../../lib/documents.svelte';
import { formatZhe } from '../../lib/format';
import { addCopies, fallbackDiscount, isShort, orderTotals } from '../../lib/orderMath';
import { backToOrders, emptyPasteLeft, openOrder, ordersUi, showConfirmed, type PasteLeft } from '../../lib/orders.svelte';
import { app } from '../../lib/store.svelte';

/** Save this long after the last change. */
export const SAVE_DEBOUNCE_MS = 500;

export type EditLine = {
  key: number;
  title_id: number;
  isbn: string;
  title: string;
  list_price_fen: number;
  qty: string;
  discount: string;
  /** Copies on hand; null until the core has said (a pasted line before the first save). */
  on_hand: number | null;
};

/** A confirmation the core refused, waiting for the user's decision. */
/** `params` are the core's figures (for a credit limit: balance_fen, total_fen, limit_fen), which the
 * dialog words in the UI's language; the core's own message is English and never shown. */
export type Pending = { opts: ConfirmOptions; params: Record<string, string>; field: string | null };

/** How the controller moves focus in the view. */
export type OrderEditorFocus = {
  scan(): void;
  picker(): void;
  /** Scroll the line with this key into view. */
  line(key: number): void;
  /** Put the cursor in the quantity of the line with this key, its text selected. */
  quantity(key: number): void;
  /** The first button of the shortage dialog. */
  shortage(): void;
  /** The reason field of the credit dialog. */
  creditReason(): void;
};

/** The fields the editor shows an error on, outside the lines. */
const PLACED_FIELDS = new Set(['customer', 'discount', 'payment_method']);

const NO_OPTIONS: ConfirmOptions = { ship_available: false, credit_override: '' };

/** The summary the customer box shows, from a customer record. */
export function customerSummaryOf(c: Customer): CustomerSummary {
  const first = c.contacts[0];
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    kind: c.kind,
    region: c.region,
    contact: first?.name ?? '',
    phone: first?.phone ?? '',
    discount_bp: c.discount_bp,
    credit_limit_fen: c.credit_limit_fen,
    status: c.status,
    // The customer box shows no balance (the credit check reads it from the core), so a
    // record, which carries none, gives none.
    balance_fen: 0,
  };
}

export class OrderEditorController {
  orderId = $state<number | null>(null);
  /** For a backorder: the order whose shortage it is, and whether its stock has come in. */
  origin = $state<OrderLink | null>(null);
  stockIn = $state<boolean | null>(null);
  customer = $state<CustomerSummary | null>(null);
  discount = $state('');
  method = $state('');
  notes = $state('');
  lines = $state<EditLine[]>([]);
  ready = $state(false);
  saving = $state(false);
  saveFailed = $state(false);
  savedOnce = $state(false);
  error = $state<ErrorPayload | null>(null);
  confirming = $state(false);
  shortage = $state<Pending | null>(null);
  credit = $state<Pending | null>(null);
  creditReason = $state('');
  creditReasonMissing = $state(false);
  pasteOpen = $state(false);
  /** Pasted lines still to confirm or dismiss: listed again when the paste box reopens. */
  pasteLeft = $state<PasteLeft>(emptyPasteLeft());
  discarding = $state(false);
  /** "Discard this draft?" is asked. */
  discardAsked = $state(false);

  customerBp = $derived(this.customer ? this.customer.discount_bp : null);
  /** The discount a line with a blank one takes: the order's, else the customer's. */
  fallbackBp = $derived(fallbackDiscount(this.discount, this.customerBp));
  totals = $derived(orderTotals(this.lines.map((l) => ({ listPriceFen: l.list_price_fen, qty: l.qty, discount: l.discount })), this.fallbackBp));
  pasteLeftCount = $derived(this.pasteLeft.matches.length + this.pasteLeft.problems.length);
  shortLines = $derived(this.lines.filter((l) => isShort(l.qty, l.on_hand)));
  /** The line (0-based) the error or the shortage is about. */
  badLine = $derived(errorLine(this.error?.field ?? this.shortage?.field ?? undefined));
  /** The error is shown on a field or a line, not in the banner. */
  placedError = $derived(
    !!this.error && (PLACED_FIELDS.has(this.error.field ?? '') || (this.badLine !== null && this.badLine < this.lines.length)),
  );
  snapshot = $derived(JSON.stringify(this.buildInput()));

  private keySeq = 0;
  /** The line the last scan or paste added to: where Tab from the scan box goes. */
  private newestKey: number | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastSaved = '';
  private lastOk = true;
  private chain: Promise<boolean> = Promise.resolve(true);
  private destroyed = false;
  private leaving = false;

  /**
   * `id`: the draft to open, or null for a new order (for the customer whose code is `customerCode`,
   * when given). Call it while the component initialises: it loads on mount, saves as you type
   * with an effect, and saves a pending edit when the component goes.
   */
  constructor(
    id: number | null,
    customerCode: string,
    private readonly focus: OrderEditorFocus,
  ) {
    this.orderId = id;
    this.ready = id === null;

    // Saved as you type: any change schedules a save.
    $effect(() => {
      const s = this.snapshot;
      untrack(() => this.changed(s));
    });

    onMount(() => {
      if (id !== null) void this.load(id);
      else void this.pickInitialCustomer(customerCode);
    });

    onDestroy(() => {
      this.destroyed = true;
      // leaving with an edit not yet saved: save it now
      if (this.timer !== undefined) {
        clearTimeout(this.timer);
        this.timer = undefined;
        void this.save();
      }
    });
  }

  buildInput(): OrderInput {
    return {
      customer: this.customer?.code ?? '',
      discount: this.discount.trim(),
      payment_method: this.method,
      notes: this.notes.trim(),
      lines: this.lines.map((l) => ({ title_id: l.title_id, quantity: l.qty.trim(), discount: l.discount.trim() })),
    };
  }

  private changed(s: string) {
    if (!this.ready || s === this.lastSaved) return;
    if (this.orderId === null && this.lines.length === 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, SAVE_DEBOUNCE_MS);
  }

  /** Saves what is on screen, after any save under way; true when the draft is saved. */
  save(): Promise<boolean> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const now = () => this.saveNow();
    this.chain = this.chain.then(now, now);
    return this.chain;
  }

  private async saveNow(): Promise<boolean> {
    const input = this.buildInput();
    const s = JSON.stringify(input);
    if (s === this.lastSaved) return this.lastOk;
    if (this.orderId === null && input.lines.length === 0) return true;
    this.saving = true;
    try {
      const order = this.orderId === null ? await api.orderCreate(input) : await api.orderUpdate(this.orderId, input);
      this.lastSaved = s;
      this.lastOk = true;
      this.saveFailed = false;
      this.savedOnce = true;
      if (this.orderId === null && order && typeof order.id === 'number') {
        this.orderId = order.id;
        if (!this.destroyed && ordersUi.screen.name === 'editor') ordersUi.screen.id = order.id;
      }
      if (order) this.applyOnHand(order);
      if (this.error && !this.destroyed) this.error = null;
      return true;
    } catch (e) {
      // the same input is not sent again until something changes
      this.lastSaved = s;
      this.lastOk = false;
      this.saveFailed = true;
      if (!this.destroyed) this.error = toErrorPayload(e);
      return false;
    } finally {
      this.saving = false;
    }
  }

  private applyOnHand(order: Order) {
    if (!Array.isArray(order.lines)) return;
    for (const ol of order.lines) {
      const l = this.lines.find((x) => x.title_id === ol.title_id);
      if (l && typeof ol.on_hand === 'number') l.on_hand = ol.on_hand;
    }
  }

  private async findCustomer(code: string): Promise<CustomerSummary | null> {
    if (!code) return null;
    try {
      const page = await api.customersList({ query: code, offset: 0, limit: 8, include_archived: true });
      const rows = Array.isArray(page?.rows) ? page.rows : [];
      return rows.find((r) => r.code === code) ?? null;
    } catch {
      return null;
    }
  }

  private async pickInitialCustomer(code: string) {
    const c = await this.findCustomer(code);
    if (this.destroyed) return;
    if (c) this.customer = c;
    await tick();
    if (this.customer) this.focus.scan();
    else this.focus.picker();
  }

  private async load(id: number) {
    try {
      const order = await api.orderGet(id);
      if (this.destroyed) return;
      if (order.status !== 'draft') {
        openOrder(order.id, order.status);
        return;
      }
      // the draft's own customer, by id: its discount is the lines' fallback
      const c = await api.customerGet(order.customer_id);
      if (this.destroyed) return;
      this.customer = customerSummaryOf(c);
      this.discount = order.discount_bp === null ? '' : formatZhe(order.discount_bp);
      this.method = order.payment_method === 'on_account' ? '' : order.payment_method;
      this.notes = order.notes;
      this.origin = order.origin;
      this.stockIn = order.stock_in;
      this.lines = order.lines.map((l) => ({
        key: ++this.keySeq,
        title_id: l.title_id,
        isbn: l.isbn,
        title: l.title,
        list_price_fen: l.list_price_fen,
        qty: String(l.quantity),
        discount: l.line_discount_bp === null ? '' : formatZhe(l.line_discount_bp),
        on_hand: l.on_hand,
      }));
      this.lastSaved = JSON.stringify(this.buildInput());
      this.savedOnce = true;
      this.ready = true;
      await tick();
      this.focus.scan();
    } catch (e) {
      if (!this.destroyed) this.error = toErrorPayload(e);
    }
  }

  focusScan() {
    void tick().then(() => this.focus.scan());
  }

  private newLine(t: Omit<EditLine, 'key' | 'qty' | 'discount' | 'on_hand'>, qty: number, onHand: number | null): EditLine {
    const { title_id, isbn, title, list_price_fen } = t;
    return { key: ++this.keySeq, title_id, isbn, title, list_price_fen, qty: String(qty), discount: '', on_hand: onHand };
  }

  /** A scanned title: a new line, or `copies` more (1 unless typed with the scan) on its line. */
  addTitle(title: Title, copies = 1) {
    const existing = addCopies(this.lines, title.id, copies, () => this.newLine({ ...title, title_id: title.id }, copies, title.quantity));
    if (existing) existing.on_hand = title.quantity;
    const key = existing?.key ?? this.keySeq;
    this.newestKey = key;
    void tick().then(() => this.focus.line(key));
    this.focusScan();
  }

  /** Tab from the scan box: to the quantity of the line just scanned (else the last line). */
  tabToNewestLine(): boolean {
    const line = this.lines.find((l) => l.key === this.newestKey) ?? this.lines[this.lines.length - 1];
    if (!line) return false;
    this.focus.quantity(line.key);
    return true;
  }

  /** The lines of a pasted list, added to those of the same title already there. */
  addPasted(pasted: PastedLine[]) {
    for (const p of pasted) {
      const existing = addCopies(this.lines, p.title_id, p.quantity, () => this.newLine(p, p.quantity, null));
      this.newestKey = existing?.key ?? this.keySeq;
    }
  }

  removeLine(i: number) {
    this.lines.splice(i, 1);
    if (this.badLine !== null) this.error = null;
    this.focusScan();
  }

  /** An edit of line `i` clears the error about it. */
  lineEdited(i: number) {
    if (this.badLine === i) this.error = null;
  }

  /** An edit of the field the error is about clears it. */
  fieldEdited(field: string) {
    if (this.error?.field === field) this.error = null;
  }

  pickCustomer(c: CustomerSummary) {
    this.customer = c;
    this.fieldEdited('customer');
    this.focusScan();
  }

  closePaste() {
    this.pasteOpen = false;
    this.focusScan();
  }

  /** Saves, then confirms; a shortage or an exceeded credit limit opens its dialog. */
  async confirm(opts: ConfirmOptions = NO_OPTIONS) {
    if (this.confirming) return;
    this.confirming = true;
    try {
      const ok = await this.save();
      if (!ok) return;
      if (this.orderId === null) {
        this.error = { code: 'lines_required', message: '' };
        return;
      }
      this.error = null;
      const res = await api.orderConfirm(this.orderId, opts);
      this.shortage = null;
      this.credit = null;
      showConfirmed(res.order.id, res.backorder ? res.backorder.id : null);
    } catch (e) {
      const err = toErrorPayload(e);
      if (err.code === 'stock_short') {
        this.credit = null;
        this.shortage = { opts, params: err.params ?? {}, field: err.field ?? null };
        // The dialog's buttons wait while a confirmation is being sent, and a disabled button
        // cannot take focus: done before the dialog opens, so it opens on its answer.
        this.confirming = false;
        await tick();
        this.focus.shortage();
      } else if (err.code === 'credit_exceeded') {
        this.shortage = null;
        this.credit = { opts, params: err.params ?? {}, field: err.field ?? null };
        this.confirming = false;
        this.creditReason = opts.credit_override;
        this.creditReasonMissing = false;
        await tick();
        this.focus.creditReason();
      } else {
        this.shortage = null;
        this.credit = null;
        this.error = err;
      }
    } finally {
      this.confirming = false;
    }
  }

  /** Confirm again, shipping what is in stock and keeping the rest as a backorder. */
  shipAvailable() {
    if (!this.shortage) return;
    void this.confirm({ ...this.shortage.opts, ship_available: true });
  }

  /** Confirm again over the credit limit, for the reason typed (which it needs). */
  confirmOverCredit() {
    if (!this.credit) return;
    const reason = this.creditReason.trim();
    if (!reason) {
      this.creditReasonMissing = true;
      this.focus.creditReason();
      return;
    }
    void this.confirm({ ...this.credit.opts, credit_override: reason });
  }

  closeDialogs() {
    this.shortage = null;
    this.credit = null;
    this.focusScan();
  }

  /** Back to the list, once any pending edit is saved. */
  async back() {
    if (this.leaving) return;
    this.leaving = true;
    try {
      await this.save();
    } finally {
      this.leaving = false;
    }
    if (!this.destroyed) backToOrders();
  }

  /**
   * "Discard draft": asks first, since it cannot be undone. A new order with nothing on it yet
   * has nothing to lose, so it just goes back to the list.
   */
  askDiscard() {
    if (this.discarding) return;
    if (this.orderId === null && this.lines.length === 0) {
      void this.discard();
      return;
    }
    this.discardAsked = true;
  }

  /** "Keep the draft": the question closes and the order is as it was. */
  keepDraft() {
    this.discardAsked = false;
    this.focusScan();
  }

  /**
   * Removes the draft (when it was ever saved) and goes back to the list. A draft was never
   * posted, so it is removed rather than left as a cancelled order in the list.
   */
  async discard() {
    if (this.discarding) return;
    this.discarding = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    try {
      await this.chain;
      if (this.orderId !== null) await api.orderDiscard(this.orderId);
      this.lastSaved = this.snapshot;
      this.discardAsked = false;
      backToOrders();
    } catch (e) {
      this.discardAsked = false;
      this.error = toErrorPayload(e);
    } finally {
      this.discarding = false;
    }
  }

  /** The editor's keys: Ctrl+Enter confirms (or answers the open dialog), Esc closes or leaves. */
  keydown(e: KeyboardEvent) {
    if (e.isComposing || e.keyCode === 229 || docs.modals > 0) return;
    if (this.pasteOpen) {
      // the paste dialog takes its own keys; Esc from outside it still closes only the dialog
      if (e.key === 'Escape' && !e.defaultPrevented) {
        e.preventDefault();
        this.closePaste();
      }
      return;
    }
    if (this.discardAsked) {
      // the question answers its own keys (its Modal closes it on Esc); Ctrl+Enter must not
      // confirm the order behind it
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') e.preventDefault();
      return;
    }
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      e.preventDefault();
      if (this.credit) this.confirmOverCredit();
      else if (this.shortage) this.shipAvailable();
      else void this.confirm();
      return;
    }
    if (e.key === 'Escape') {
      // Taken already by what had focus (the customer list, the scan box's choice or text).
      if (e.defaultPrevented) return;
      if (this.shortage || this.credit) {
        e.preventDefault();
        this.closeDialogs();
        return;
      }
      // a form of the app above the editor owns Esc
      if (app.form || app.confirmArchive || ordersUi.modals > 0 || this.confirming || this.discarding) return;
      // Esc leaves like "Back": any pending edit is saved first
      e.preventDefault();
      void this.back();
    }
  }
}
