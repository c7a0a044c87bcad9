// Long work in the backend (sample data now; exports, imports, backups later)
// runs as a job: a start command returns its id, then `job` events report its
// progress and its end. A Job follows one of them for the UI and can cancel it.
import { api, onJob } from './api';
import type { ErrorPayload, JobEvent, JobStarted, JobState } from './bindings';

export class Job {
  id = $state<number | null>(null);
  /** `starting` until the backend has answered the start command. */
  state = $state<JobState | 'starting'>('starting');
  done = $state(0);
  total = $state(0);
  error = $state<ErrorPayload | null>(null);
  /** What a job that is done made (an export's `Exported`), as the backend sent it. */
  result = $state<unknown>(null);
  /** Resolves when the job has ended, however it ended. */
  readonly finished: Promise<Job>;
  #end!: (job: Job) => void;
  #cancelAsked = false;

  constructor() {
    this.finished = new Promise((resolve) => (this.#end = resolve));
  }

  get running(): boolean {
    return this.state === 'starting' || this.state === 'running';
  }

  /** Starts a job with `start` and follows its events. Events can arrive before
   * the start command has answered, so they are listened for first and kept
   * until the id is known. */
  static run(start: () => Promise<JobStarted>): Job {
    const job = new Job();
    void job.#follow(start);
    return job;
  }

  async #follow(start: () => Promise<JobStarted>): Promise<void> {
    const job = this;
    const early: JobEvent[] = [];
    const unlisten = await onJob((e) => {
      if (job.id === null) early.push(e);
      else if (e.id === job.id) job.#apply(e);
    });
    job.finished.then(() => unlisten());
    try {
      job.id = (await start()).id;
    } catch (e) {
      job.state = 'failed';
      job.error = e as ErrorPayload;
      job.#end(job);
      return;
    }
    if (job.#cancelAsked) void api.jobCancel(job.id);
    for (const e of early) if (e.id === job.id) job.#apply(e);
  }

  /** Asks the backend to stop; the job then ends as `cancelled`. */
  async cancel(): Promise<void> {
    this.#cancelAsked = true;
    if (this.id !== null && this.running) await api.jobCancel(this.id);
  }

  #apply(e: JobEvent): void {
    if (!this.running) return;
    this.state = e.state;
    this.done = e.done;
    this.total = e.total;
    this.error = e.error;
    this.result = e.result ?? null;
    if (!this.running) this.#end(this);
  }
}

/** The sample-data job, kept here rather than in a page so that it goes on
 * (and is shown again) when the user moves to another section and back. */
export const jobs = $state({ sample: null as Job | null });
