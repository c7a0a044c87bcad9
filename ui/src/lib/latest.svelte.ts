// The record a drawer or a page shows for what it is given (an id, a customer and period),
// loaded again when that changes or a version is bumped after an edit. An answer that comes back
// after a newer request has been made is dropped, so a slow answer for the previous one never
// replaces the current one.
import { toErrorPayload } from './api';
import type { ErrorPayload } from './bindings';

export class Latest<T> {
  value = $state<T | null>(null);
  error = $state<ErrorPayload | null>(null);
  /** A request is under way. */
  loading = $state(false);
  /** An answer (or an error) has come at least once. */
  settled = $state(false);
  private token = 0;

  /**
   * `keep`: a page that reloads in place keeps what it shows (the last value and error) until the
   * new answer comes; without it (a drawer) a new request clears the error and an error clears
   * the value.
   */
  constructor(private readonly keep = false) {}

  /** Starts `request`; `then` runs with its answer when it is still the latest. */
  load(request: Promise<T>, then?: (value: T) => void): void {
    const mine = ++this.token;
    this.loading = true;
    if (!this.keep) this.error = null;
    request.then(
      (v) => {
        if (mine !== this.token) return;
        this.value = v;
        this.error = null;
        this.loading = false;
        this.settled = true;
        then?.(v);
      },
      (e: unknown) => {
        if (mine !== this.token) return;
        if (!this.keep) this.value = null;
        this.error = toErrorPayload(e);
        this.loading = false;
        this.settled = true;
      },
    );
  }
}
