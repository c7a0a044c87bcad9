// A strict FIFO for scans. A barcode scanner types 13 digits and Enter with no pause, and the
// next scan may arrive before the previous lookup has answered: every text pushed is looked up
// one at a time, in order, and handed to `handle` in order. `handle` may return a promise (a
// price picker waiting for the user); the next scan waits until it settles. Nothing is dropped.

export type ScanOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export class ScanQueue<R> {
  private items: string[] = [];
  private running = false;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly lookup: (text: string) => Promise<R>,
    private readonly handle: (text: string, outcome: ScanOutcome<R>) => void | Promise<void>,
  ) {}

  /** Texts waiting (not counting the one being handled). */
  get pending(): number {
    return this.items.length;
  }

  get busy(): boolean {
    return this.running;
  }

  push(text: string): void {
    this.items.push(text);
    if (!this.running) void this.run();
  }

  /** Forget everything still waiting (the editor is closing). */
  clear(): void {
    this.items.length = 0;
  }

  /** Resolves once every pushed scan has been handled. */
  idle(): Promise<void> {
    if (!this.running && this.items.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.items.length > 0) {
        const text = this.items.shift() as string;
        let outcome: ScanOutcome<R>;
        try {
          outcome = { ok: true, value: await this.lookup(text) };
        } catch (error) {
          outcome = { ok: false, error };
        }
        try {
          await this.handle(text, outcome);
        } catch {
          // a failing handler must not stall the scans behind it
        }
      }
    } finally {
      this.running = false;
      const waiters = this.waiters.splice(0);
      for (const w of waiters) w();
    }
  }
}
