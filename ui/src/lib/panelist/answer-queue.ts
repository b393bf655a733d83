/**
 * Every answer a panelist gives goes through this queue. It is written to storage before it is
 * sent, so a reload, a closed tab or a dropped connection loses nothing; a retry reuses the
 * answer's Idempotency-Key, so the server stores it once however many times it is sent. A
 * changed answer gets a new key (the server would refuse an old key with a new payload).
 * No DOM here: storage, sending and timers are injected, so it runs under test in node.
 */

import { errorMessage } from '../error-message';

export interface AnswerBody {
  value: number | null;
  cannotJudge: boolean;
  comment: string | null;
}

/** A question block's whole answer (a ranking's order), saved in one request. */
export interface BlockAnswerBody {
  answers: { subject: string; value: number | null; cannotJudge: boolean }[];
}

/** What the queue carries: an item's answer, or under a negative id (−blockId) a block's. */
export type QueuedBody = AnswerBody | BlockAnswerBody;

/** The queue id of a question block: negative, so it never meets an item version id. */
export const blockQueueId = (blockId: number) => -blockId;

export function isBlockBody(body: QueuedBody): body is BlockAnswerBody {
  return 'answers' in body;
}

export interface QueuedAnswer {
  itemVersionId: number;
  /** The criterion the answer is on, in a study that rates each item on several; absent otherwise. */
  criterion?: string;
  body: QueuedBody;
  key: string;
  attempts: number;
}

export type SaveState =
  | { kind: 'saved' }
  | { kind: 'saving' }
  /** Kept on this device, to be sent when the connection is back. */
  | { kind: 'waiting' }
  /** The server refused it for good (e.g. the round closed); `message` is for people. */
  | { kind: 'failed'; message: string; code: string };

/** What the sender reports back. `transient` failures are retried, the others are final. */
export type SendResult = { ok: true } | { ok: false; transient: boolean; status: number; code: string; message: string };

export type Sender = (itemVersionId: number, body: QueuedBody, key: string, criterion?: string) => Promise<SendResult>;

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface QueueTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface AnswerQueueOptions {
  storage: StorageLike;
  /** One queue per panelist: another person's answers in the same browser are never sent. */
  storageKey: string;
  send: Sender;
  newKey?: () => string;
  timers?: QueueTimers;
  /** Retry delays in ms after a transient failure; the last repeats. */
  backoff?: number[];
  /** Called whenever a state changes. */
  onChange?: () => void;
}

const DEFAULT_BACKOFF = [1000, 2000, 5000, 10000, 30000];

/** A random key the server accepts ([A-Za-z0-9_.:-]{8,100}); works on plain http too, unlike randomUUID. */
export function randomKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `a-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** One slot per (item, criterion): each is queued, retried and acknowledged on its own. */
function slotOf(itemVersionId: number, criterion: string | undefined): string {
  return criterion === undefined ? String(itemVersionId) : `${itemVersionId}|${criterion}`;
}

export function sameAnswer(a: QueuedBody, b: QueuedBody): boolean {
  if (isBlockBody(a) || isBlockBody(b)) return JSON.stringify(a) === JSON.stringify(b);
  return a.value === b.value && a.cannotJudge === b.cannotJudge && (a.comment ?? '') === (b.comment ?? '');
}

export class AnswerQueue {
  #opts: Required<Omit<AnswerQueueOptions, 'onChange'>> & Pick<AnswerQueueOptions, 'onChange'>;
  /** Latest unsent or unacknowledged answer per (item, criterion) slot, in the order first queued. */
  #pending = new Map<string, QueuedAnswer>();
  #failed = new Map<string, { message: string; code: string }>();
  #inFlight: string | null = null;
  #retryTimer: unknown = null;
  #failures = 0;
  #paused = false;

  constructor(options: AnswerQueueOptions) {
    this.#opts = {
      newKey: randomKey,
      timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
      backoff: DEFAULT_BACKOFF,
      ...options,
    };
    this.#load();
  }

  /** Queues an answer and starts sending. Returns at once; watch `stateOf`. */
  submit(itemVersionId: number, body: QueuedBody, criterion?: string): void {
    const slot = slotOf(itemVersionId, criterion);
    const current = this.#pending.get(slot);
    if (current && sameAnswer(current.body, body)) return;
    this.#failed.delete(slot);
    // Delete first so a revised answer moves to the back, after answers still waiting.
    this.#pending.delete(slot);
    const named = criterion === undefined ? {} : { criterion };
    this.#pending.set(slot, { itemVersionId, ...named, body: JSON.parse(JSON.stringify(body)) as QueuedBody, key: this.#opts.newKey(), attempts: 0 });
    this.#save();
    this.#changed();
    void this.#pump();
  }

  /** The answer waiting to be sent for an item, if any: it wins over what the server last said. */
  pendingAnswer(itemVersionId: number, criterion?: string): QueuedBody | null {
    return this.#pending.get(slotOf(itemVersionId, criterion))?.body ?? null;
  }

  stateOf(itemVersionId: number, criterion?: string): SaveState | null {
    const slot = slotOf(itemVersionId, criterion);
    const failed = this.#failed.get(slot);
    if (failed) return { kind: 'failed', ...failed };
    if (!this.#pending.has(slot)) return null;
    if (this.#inFlight === slot && this.#failures === 0) return { kind: 'saving' };
    return this.#failures > 0 || this.#paused ? { kind: 'waiting' } : { kind: 'saving' };
  }

  /** How many answers are kept on this device, not yet acknowledged by the server. */
  get size(): number {
    return this.#pending.size;
  }

  /** True after a transient failure, until a send succeeds. */
  get offline(): boolean {
    return this.#failures > 0;
  }

  /** True while sending is stopped (paused, or the session ended with a 401). */
  get paused(): boolean {
    return this.#paused;
  }

  /** Stop sending (e.g. the session ended); answers stay stored. */
  pause(): void {
    this.#paused = true;
    this.#clearRetry();
    this.#changed();
  }

  /** Send now, without waiting for the backoff (e.g. the browser is online again). */
  resume(): void {
    this.#paused = false;
    this.#clearRetry();
    this.#changed();
    void this.#pump();
  }

  dispose(): void {
    this.#paused = true;
    this.#clearRetry();
  }

  async #pump(): Promise<void> {
    if (this.#inFlight !== null || this.#paused || this.#retryTimer !== null) return;
    const next = this.#pending.values().next();
    if (next.done) return;
    const entry = next.value;
    const slot = slotOf(entry.itemVersionId, entry.criterion);
    this.#inFlight = slot;
    entry.attempts++;
    this.#save();
    this.#changed();
    let result: SendResult;
    try {
      result = await this.#opts.send(entry.itemVersionId, entry.body, entry.key, entry.criterion);
    } catch (e) {
      result = { ok: false, transient: true, status: 0, code: 'NETWORK', message: errorMessage(e) };
    }
    this.#inFlight = null;
    const stillCurrent = this.#pending.get(slot)?.key === entry.key;
    if (result.ok) {
      this.#failures = 0;
      if (stillCurrent) this.#pending.delete(slot);
    } else if (result.transient) {
      this.#failures++;
      this.#save();
      this.#changed();
      this.#scheduleRetry();
      return;
    } else if (result.status === 401) {
      // The session is gone: keep the answer stored and stop until the panelist is back.
      this.#paused = true;
      this.#save();
      this.#changed();
      return;
    } else if (result.code === 'DELPHI_IDEMPOTENCY_MISMATCH') {
      // The key was spent on another payload (cannot happen unless storage was edited): the
      // answer on screen is what the panelist wants, so send it again as a new revision.
      if (stillCurrent) entry.key = this.#opts.newKey();
    } else {
      if (stillCurrent) {
        this.#pending.delete(slot);
        this.#failed.set(slot, { message: result.message, code: result.code });
      }
    }
    this.#save();
    this.#changed();
    void this.#pump();
  }

  #scheduleRetry(): void {
    if (this.#paused) return;
    const steps = this.#opts.backoff;
    const delay = steps[Math.min(this.#failures - 1, steps.length - 1)];
    this.#retryTimer = this.#opts.timers.setTimeout(() => {
      this.#retryTimer = null;
      void this.#pump();
    }, delay);
  }

  #clearRetry(): void {
    if (this.#retryTimer !== null) this.#opts.timers.clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  #load(): void {
    let raw: string | null = null;
    try {
      raw = this.#opts.storage.getItem(this.#opts.storageKey);
    } catch {
      return;
    }
    if (!raw) return;
    try {
      const list = JSON.parse(raw) as QueuedAnswer[];
      for (const e of list) {
        const criterion = typeof e?.criterion === 'string' ? e.criterion : undefined;
        if (typeof e?.itemVersionId === 'number' && typeof e.key === 'string' && e.body) this.#pending.set(slotOf(e.itemVersionId, criterion), e);
      }
    } catch {
      /* unreadable: nothing we can send */
    }
  }

  #save(): void {
    try {
      if (this.#pending.size === 0) this.#opts.storage.removeItem(this.#opts.storageKey);
      else this.#opts.storage.setItem(this.#opts.storageKey, JSON.stringify([...this.#pending.values()]));
    } catch {
      /* storage full or blocked: the answer still goes out from memory */
    }
  }

  #changed(): void {
    this.#opts.onChange?.();
  }
}
