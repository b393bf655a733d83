import { untrack } from 'svelte';
import { errorMessage } from './error-message';

/**
 * Something the user starts (sign in, save, close a round): `busy` while it runs, so its button can
 * be disabled, and the message of its last failure in `error` until it runs again. A check that
 * fails before any request is thrown as an Error from the operation and shows the same way.
 */
export class Action<A extends unknown[] = []> {
  #busy = $state(false);
  #error = $state<string | null>(null);
  readonly #operation: (...args: A) => Promise<unknown>;

  constructor(operation: (...args: A) => Promise<unknown>) {
    this.#operation = operation;
  }

  get busy(): boolean {
    return this.#busy;
  }

  get error(): string | null {
    return this.#error;
  }

  /** Runs the operation; resolves to whether it succeeded, and never rejects (the failure is in `error`). */
  async run(...args: A): Promise<boolean> {
    this.#busy = true;
    this.#error = null;
    try {
      await this.#operation(...args);
      return true;
    } catch (e) {
      this.#error = errorMessage(e);
      return false;
    } finally {
      this.#busy = false;
    }
  }

  /** A form's onsubmit, for an operation without arguments: keeps the browser from submitting, then runs it. */
  readonly submit = ((e: SubmitEvent) => {
    e.preventDefault();
    void this.run(...([] as unknown[] as A));
  }) as A extends [] ? (e: SubmitEvent) => void : never;

  /** Forgets the last failure, e.g. when the dialog that showed it is cancelled. */
  clear(): void {
    this.#error = null;
  }
}

/**
 * Data the page reads from the API: `value` is null until the first load succeeds, `error` holds the
 * message of the last failed load, and a later success clears it. When loads overlap (a filter
 * changed twice quickly), only the latest one's answer is kept, so a slow older answer cannot
 * overwrite a newer one.
 */
export class Resource<T> {
  #value = $state<T | null>(null);
  #error = $state<string | null>(null);
  #loading = $state(false);
  #latest = 0;
  readonly #load: () => Promise<T>;

  constructor(load: () => Promise<T>) {
    this.#load = load;
  }

  get value(): T | null {
    return this.#value;
  }

  /** Replaces the value with what the page already knows (e.g. the server's answer to a save). */
  set value(value: T | null) {
    this.#value = value;
  }

  get error(): string | null {
    return this.#error;
  }

  get loading(): boolean {
    return this.#loading;
  }

  /** Loads (again); never rejects: a failure lands in `error` and the last good value stays. */
  async reload(): Promise<void> {
    const call = ++this.#latest;
    this.#loading = true;
    try {
      const value = await this.#load();
      if (call !== this.#latest) return;
      this.#value = value;
      this.#error = null;
    } catch (e) {
      if (call === this.#latest) this.#error = errorMessage(e);
    } finally {
      if (call === this.#latest) this.#loading = false;
    }
  }

  /**
   * Loads when the component mounts and again whenever what `deps` reads changes (a version the
   * page bumps, say). Call it while the component initialises, as with $effect. The load itself
   * is untracked: reading props inside it does not trigger reloads of its own.
   */
  follow(deps: () => unknown = () => undefined): void {
    $effect(() => {
      deps();
      untrack(() => void this.reload());
    });
  }
}
