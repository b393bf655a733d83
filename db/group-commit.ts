import type Database from 'better-sqlite3';

interface Job {
  fn: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes that arrive in the same turn of the event loop run in one immediate
 * transaction, each inside its own savepoint, and are acknowledged together after the single
 * durable commit (one fsync instead of one per write). A write that fails rolls back alone; if
 * the commit itself fails, every write of the group is refused, since none of them is stored.
 */
export class GroupCommit {
  #queue: Job[] = [];
  #scheduled = false;

  constructor(private readonly client: Database.Database) {}

  run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const jobs = this.#queue;
    this.#queue = [];
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.client
        .transaction(() => {
          for (const job of jobs) {
            try {
              outcomes.push({ ok: true, value: this.client.transaction(job.fn)() });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        })
        .immediate();
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, i) => {
      const o = outcomes[i];
      if (o.ok) job.resolve(o.value);
      else job.reject(o.error);
    });
  }
}
