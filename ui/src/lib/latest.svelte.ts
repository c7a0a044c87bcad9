// The record a drawer or a page shows for the id it is given, loaded again when the id (or a
// version bumped after an edit) changes. An answer that comes back after a newer request has been
// made is dropped, so a slow answer for the previous id never replaces the current one.
import { toErrorPayload } from './api';
import type { ErrorPayload } from './bindings';

export class Latest<T> {
  value = $state<T | null>(null);
  error = $state<ErrorPayload | null>(null);
  private token = 0;

  /** Starts `request`; `then` runs with its answer when it is still the latest. */
  load(request: Promise<T>, then?: (value: T) => void): void {
    const mine = ++this.token;
    this.error = null;
    request.then(
      (v) => {
        if (mine !== this.token) return;
        this.value = v;
        then?.(v);
      },
      (e: unknown) => {
        if (mine !== this.token) return;
        this.value = null;
        this.error = toErrorPayload(e);
      },
    );
  }
}
