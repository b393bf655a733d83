/**
 * A websocket that stays connected: reconnects with backoff, resumes from the last sequence
 * number it applied, drops events it has already applied, and asks for a refetch when the server
 * answers with a snapshot instead of a replay. No DOM here, so it runs under test with a fake socket.
 */

export type RoundEventType = 'round_opened' | 'round_closed';

export type LiveMessage =
  | { type: 'hello'; seq: number; replayed: number; snapshot: boolean }
  | { type: RoundEventType; seq: number; payload: { roundId: number; number: number; kind: 'rating' | 'ideas' } }
  | { type: 'answers_changed'; payload: { roundId: number } }
  | { type: 'feedback_released'; payload: { roundId: number; items: { itemVersionId: number; criterion?: string; snapshot: number }[] } }
  | { type: 'pong' };

export type LiveEvent = Extract<LiveMessage, { type: RoundEventType | 'answers_changed' | 'feedback_released' }>;

export type LiveStatus = 'connecting' | 'live' | 'offline';

// Method syntax makes the parameter bivariant, so the DOM's WebSocket (Event, MessageEvent) fits.
type Handler<E> = { bivarianceHack(ev: E): void }['bivarianceHack'];

/** The part of the browser's WebSocket this class uses. */
export interface SocketLike {
  readonly readyState: number;
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  onclose: Handler<unknown> | null;
  onerror: Handler<unknown> | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface LiveConnectionOptions {
  /** Opens a socket; `since` is the last sequence number applied, null before the first. */
  open: (since: number | null) => SocketLike;
  /** An event not applied before, in order. */
  onEvent: (event: LiveEvent) => void;
  /** The server could not replay what was missed: reload state from HTTP. */
  onSnapshot: () => void;
  onStatus?: (status: LiveStatus) => void;
  timers?: Timers;
  /** Backoff delays in ms; the last repeats. Jitter adds up to 20%. */
  backoff?: number[];
  random?: () => number;
  /** Ping this often; if no pong arrives within `pongTimeoutMs` the socket is treated as dead. */
  pingEveryMs?: number;
  pongTimeoutMs?: number;
}

const OPEN = 1;
const DEFAULT_BACKOFF = [250, 1000, 2000, 5000, 10000];

export function parseLiveMessage(data: unknown): LiveMessage | null {
  if (typeof data !== 'string') return null;
  let m: unknown;
  try {
    m = JSON.parse(data);
  } catch {
    return null;
  }
  if (!m || typeof m !== 'object') return null;
  const msg = m as { type?: unknown; seq?: unknown };
  switch (msg.type) {
    case 'hello':
    case 'round_opened':
    case 'round_closed':
      return typeof msg.seq === 'number' ? (m as LiveMessage) : null;
    case 'answers_changed':
    case 'feedback_released':
    case 'pong':
      return m as LiveMessage;
    default:
      return null;
  }
}

export class LiveConnection {
  #opts: Required<Omit<LiveConnectionOptions, 'onStatus'>> & Pick<LiveConnectionOptions, 'onStatus'>;
  #socket: SocketLike | null = null;
  #applied: number | null = null;
  #attempt = 0;
  #stopped = true;
  #status: LiveStatus = 'offline';
  #retryTimer: unknown = null;
  #pingTimer: unknown = null;
  #pongTimer: unknown = null;

  constructor(options: LiveConnectionOptions) {
    this.#opts = {
      timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
      backoff: DEFAULT_BACKOFF,
      random: Math.random,
      pingEveryMs: 25_000,
      pongTimeoutMs: 10_000,
      ...options,
    };
  }

  /** The last sequence number applied; reconnects resume after it. */
  get lastSeq(): number | null {
    return this.#applied;
  }

  get status(): LiveStatus {
    return this.#status;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    this.#clearTimers();
    const s = this.#socket;
    this.#socket = null;
    if (s) {
      s.onopen = s.onmessage = s.onclose = s.onerror = null;
      s.close(1000, 'bye');
    }
    this.#setStatus('offline');
  }

  /** Reconnect now (e.g. the browser came back online), skipping the backoff wait. */
  nudge(): void {
    if (this.#stopped || this.#status === 'live') return;
    if (this.#retryTimer !== null) {
      this.#opts.timers.clearTimeout(this.#retryTimer);
      this.#retryTimer = null;
      this.#connect();
    }
  }

  #connect(): void {
    this.#setStatus('connecting');
    let socket: SocketLike;
    try {
      socket = this.#opts.open(this.#applied);
    } catch {
      this.#scheduleReconnect();
      return;
    }
    this.#socket = socket;
    socket.onopen = () => {
      this.#attempt = 0;
      this.#setStatus('live');
      this.#schedulePing();
    };
    socket.onmessage = (ev) => this.#receive(ev.data);
    socket.onerror = () => {
      /* onclose follows and decides */
    };
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#clearTimers();
      if (!this.#stopped) this.#scheduleReconnect();
    };
  }

  #receive(data: unknown): void {
    const msg = parseLiveMessage(data);
    if (!msg) return;
    this.#gotSignOfLife();
    switch (msg.type) {
      case 'hello':
        if (msg.snapshot) {
          // Nothing was replayed: everything up to hello.seq must come from a fresh fetch.
          this.#applied = msg.seq;
          this.#opts.onSnapshot();
        }
        return;
      case 'round_opened':
      case 'round_closed':
        if (this.#applied !== null && msg.seq <= this.#applied) return;
        this.#applied = msg.seq;
        this.#opts.onEvent(msg);
        return;
      case 'answers_changed':
      case 'feedback_released':
        this.#opts.onEvent(msg);
        return;
      case 'pong':
        return;
    }
  }

  #scheduleReconnect(): void {
    this.#setStatus('offline');
    const steps = this.#opts.backoff;
    const base = steps[Math.min(this.#attempt, steps.length - 1)];
    this.#attempt++;
    const delay = Math.round(base * (1 + 0.2 * this.#opts.random()));
    this.#retryTimer = this.#opts.timers.setTimeout(() => {
      this.#retryTimer = null;
      if (!this.#stopped) this.#connect();
    }, delay);
  }

  #schedulePing(): void {
    const t = this.#opts.timers;
    if (this.#pingTimer !== null) t.clearTimeout(this.#pingTimer);
    this.#pingTimer = t.setTimeout(() => {
      this.#pingTimer = null;
      const s = this.#socket;
      if (!s || s.readyState !== OPEN) return;
      s.send(JSON.stringify({ type: 'ping' }));
      this.#pongTimer = t.setTimeout(() => {
        // A half-open connection (phone changed network) never fires close by itself.
        this.#pongTimer = null;
        if (this.#socket === s) {
          s.onopen = s.onmessage = s.onclose = s.onerror = null;
          s.close(4000, 'no pong');
          this.#socket = null;
          this.#clearTimers();
          if (!this.#stopped) this.#scheduleReconnect();
        }
      }, this.#opts.pongTimeoutMs);
    }, this.#opts.pingEveryMs);
  }

  #gotSignOfLife(): void {
    if (this.#pongTimer !== null) {
      this.#opts.timers.clearTimeout(this.#pongTimer);
      this.#pongTimer = null;
    }
    this.#schedulePing();
  }

  #clearTimers(): void {
    const t = this.#opts.timers;
    for (const h of [this.#retryTimer, this.#pingTimer, this.#pongTimer]) if (h !== null) t.clearTimeout(h);
    this.#retryTimer = this.#pingTimer = this.#pongTimer = null;
  }

  #setStatus(status: LiveStatus): void {
    if (this.#status === status) return;
    this.#status = status;
    this.#opts.onStatus?.(status);
  }
}
