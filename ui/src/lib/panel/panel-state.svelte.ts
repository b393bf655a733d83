import { ApiError } from '../api-client';
import { LiveConnection, type LiveStatus } from '../live/live-connection';
import { i18n } from '../../i18n/i18n.svelte';
import { AnswerQueue, type AnswerBody, type SaveState, type SendResult, type StorageLike } from './answer-queue';
import { panelApi, type PanelFeedback, type PanelItem, type PanelMe, type PanelRound } from './panel-api';

export type Stage =
  | { kind: 'loading' }
  /** Opened from an invitation link: nothing is sent until the panelist chooses to go on. */
  | { kind: 'invitation'; token: string }
  | { kind: 'no-session'; message: string | null }
  | { kind: 'withdrawn' }
  | { kind: 'ready' }
  | { kind: 'error'; message: string };

export interface Category {
  id: number | null;
  name: string | null;
  items: PanelItem[];
}

/** Reads the invitation token from "#TOKEN" (and tolerates "#token=TOKEN"). */
export function tokenFromHash(hash: string): string | null {
  const raw = hash.replace(/^#/, '').replace(/^token=/, '');
  return /^[A-Za-z0-9_-]{16,200}$/.test(raw) ? raw : null;
}

function memoryStorage(): StorageLike {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
}

function browserStorage(): StorageLike {
  try {
    const s = window.localStorage;
    s.setItem('delphi.probe', '1');
    s.removeItem('delphi.probe');
    return s;
  } catch {
    return memoryStorage();
  }
}

function toResult(e: unknown): SendResult {
  if (e instanceof ApiError) return { ok: false, transient: e.transient, status: e.status, code: e.code, message: e.message };
  return { ok: false, transient: true, status: 0, code: 'NETWORK', message: String(e) };
}

/** Everything the panelist app shows, and the actions it offers. One instance per page. */
export class PanelState {
  stage = $state<Stage>({ kind: 'loading' });
  me = $state<PanelMe | null>(null);
  round = $state<PanelRound | null>(null);
  /** The last closed round's feedback, shown while no round is open. */
  lastFeedback = $state<PanelFeedback | null>(null);
  live = $state<LiveStatus>('offline');
  browserOnline = $state(true);
  notice = $state<string | null>(null);
  consented = $state(false);

  #queue: AnswerQueue | null = null;
  #queueTick = $state(0);
  #connection: LiveConnection | null = null;
  #storage: StorageLike = browserStorage();
  #loading: Promise<void> | null = null;
  #reloadAgain = false;

  readonly categories = $derived.by((): Category[] => {
    const round = this.round;
    if (!round) return [];
    const groups: Category[] = round.categories.map((c) => ({ id: c.id, name: c.name, items: [] }));
    const other: Category = { id: null, name: null, items: [] };
    for (const item of round.items) (groups.find((g) => g.id === item.categoryId) ?? other).items.push(item);
    return [...groups, other].filter((g) => g.items.length > 0);
  });

  /** Items in the order shown: by category, then as the round lists them. */
  readonly orderedItems = $derived(this.categories.flatMap((c) => c.items));

  readonly progress = $derived.by(() => {
    void this.#queueTick;
    const items = this.orderedItems;
    const answered = items.filter((i) => this.answerOf(i) !== null).length;
    return { answered, total: items.length };
  });

  /** Answers kept on this device and not yet acknowledged. */
  readonly unsent = $derived.by(() => {
    void this.#queueTick;
    return this.#queue?.size ?? 0;
  });

  readonly sessionLost = $derived.by(() => {
    void this.#queueTick;
    return this.#queue?.paused ?? false;
  });

  /** Starts from the address: an invitation link, or a returning panelist with a session cookie. */
  async start(): Promise<void> {
    this.browserOnline = navigator.onLine;
    window.addEventListener('online', this.#online);
    window.addEventListener('offline', this.#offline);
    const token = tokenFromHash(location.hash);
    if (token) {
      // Before the session we do not know the panelist's language: greet them in the browser's.
      await i18n.use(navigator.language || 'en');
      this.stage = { kind: 'invitation', token };
      return;
    }
    try {
      await this.#enter(await panelApi.me());
    } catch (e) {
      this.#fail(e);
    }
  }

  /** The panelist chose to open the invitation: exchange the token for a session, clean the address. */
  async acceptInvitation(token: string): Promise<void> {
    this.stage = { kind: 'loading' };
    try {
      const me = await panelApi.startSession(token);
      // The token must not linger in the address bar, history or a bookmark.
      history.replaceState(null, '', '/panel');
      await this.#enter(me);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        history.replaceState(null, '', '/panel');
        this.stage = { kind: 'no-session', message: e.message };
      } else {
        this.stage = { kind: 'invitation', token };
        this.notice = e instanceof Error ? e.message : String(e);
      }
    }
  }

  giveConsent(): void {
    this.consented = true;
    this.#remember('consent', '1');
  }

  /** What the panelist's answer to an item is now: one waiting to be sent wins over the server's. */
  answerOf(item: PanelItem): AnswerBody | null {
    void this.#queueTick;
    const pending = this.#queue?.pendingAnswer(item.itemVersionId);
    if (pending) return pending;
    const a = item.answer;
    return a ? { value: a.value, cannotJudge: a.cannotJudge, comment: a.comment } : null;
  }

  saveStateOf(item: PanelItem): SaveState | null {
    void this.#queueTick;
    const state = this.#queue?.stateOf(item.itemVersionId) ?? null;
    if (state) return state;
    return item.answer ? { kind: 'saved' } : null;
  }

  answer(item: PanelItem, body: AnswerBody): void {
    this.#queue?.submit(item.itemVersionId, body);
  }

  retryNow(): void {
    this.#queue?.resume();
    this.#connection?.nudge();
  }

  async setLanguage(language: string): Promise<void> {
    try {
      this.me = await panelApi.setLanguage(language);
      await i18n.use(language);
      await this.reload();
    } catch (e) {
      this.notice = e instanceof Error ? e.message : String(e);
    }
  }

  async addIdea(text: string, categoryId: number | null): Promise<boolean> {
    try {
      const idea = await panelApi.addIdea(text, categoryId);
      if (this.round) this.round.ideas = [...this.round.ideas, idea];
      return true;
    } catch (e) {
      this.notice = e instanceof Error ? e.message : String(e);
      return false;
    }
  }

  async withdraw(): Promise<void> {
    try {
      await panelApi.withdraw();
      this.stop();
      this.stage = { kind: 'withdrawn' };
    } catch (e) {
      this.notice = e instanceof Error ? e.message : String(e);
    }
  }

  /** Refetches what the page shows; concurrent calls coalesce into one more fetch. */
  reload(): Promise<void> {
    if (this.#loading) {
      this.#reloadAgain = true;
      return this.#loading;
    }
    this.#loading = (async () => {
      do {
        this.#reloadAgain = false;
        try {
          await this.#fetchAll();
        } catch (e) {
          this.#fail(e);
        }
      } while (this.#reloadAgain);
      this.#loading = null;
    })();
    return this.#loading;
  }

  stop(): void {
    this.#connection?.stop();
    this.#queue?.dispose();
    window.removeEventListener('online', this.#online);
    window.removeEventListener('offline', this.#offline);
  }

  async #enter(me: PanelMe): Promise<void> {
    this.me = me;
    if (me.panelist.status === 'withdrawn') {
      this.stage = { kind: 'withdrawn' };
      return;
    }
    await i18n.use(me.panelist.language);
    const scope = `${me.panelist.code}@${me.study.title}`;
    this.#scope = scope;
    this.consented = this.#recall('consent') === '1';
    if (!this.#queue) {
      this.#queue = new AnswerQueue({
        storage: this.#storage,
        storageKey: `delphi.answers.v1.${scope}`,
        send: (id, body, key) => this.#send(id, body, key),
        onChange: () => this.#queueTick++,
      });
    }
    await this.#fetchAll();
    // Someone who has answered before has consented before, perhaps on another device.
    if (this.round?.items.some((i) => i.answer) || me.closedRounds.length > 0) this.consented = true;
    this.stage = { kind: 'ready' };
    this.#queue.resume();
    this.#startLive();
  }

  async #fetchAll(): Promise<void> {
    const me = await panelApi.me();
    this.me = me;
    if (me.panelist.status === 'withdrawn') {
      this.stage = { kind: 'withdrawn' };
      return;
    }
    let round: PanelRound | null = null;
    if (me.currentRound) {
      try {
        round = await panelApi.round();
      } catch (e) {
        // The round closed between the two requests: show what is there now.
        if (!(e instanceof ApiError && e.code === 'DELPHI_ROUND_NOT_OPEN')) throw e;
      }
    }
    const last = me.closedRounds.reduce<{ id: number; number: number } | null>((a, r) => (!a || r.number > a.number ? r : a), null);
    const feedback = !round && last ? await panelApi.feedback(last.id) : null;
    this.round = round;
    this.lastFeedback = feedback;
  }

  async #send(itemVersionId: number, body: AnswerBody, key: string): Promise<SendResult> {
    try {
      const saved = await panelApi.saveAnswer(itemVersionId, body, key);
      const item = this.round?.items.find((i) => i.itemVersionId === itemVersionId);
      if (item) item.answer = { value: saved.value, cannotJudge: saved.cannotJudge, comment: saved.comment, revision: saved.revision };
      return { ok: true };
    } catch (e) {
      const result = toResult(e);
      if (!result.ok && (result.code === 'DELPHI_ROUND_CLOSED' || result.code === 'DELPHI_ROUND_NOT_OPEN')) {
        // The item leaves the page with the round, so say it where the panelist will see it.
        this.notice = result.message;
        void this.reload();
      }
      return result;
    }
  }

  #startLive(): void {
    if (this.#connection) return;
    this.#connection = new LiveConnection({
      open: (since) => panelApi.live(since),
      onEvent: (event) => {
        if (event.type === 'round_opened' || event.type === 'round_closed') void this.reload();
      },
      onSnapshot: () => void this.reload(),
      onStatus: (status) => {
        this.live = status;
        // Back online: answers waiting on this device go out now, not at the next backoff step.
        if (status === 'live') this.#queue?.resume();
      },
    });
    this.#connection.start();
  }

  #fail(e: unknown): void {
    if (e instanceof ApiError && e.status === 401) {
      this.stop();
      this.stage = { kind: 'no-session', message: null };
    } else if (e instanceof ApiError && e.transient && this.stage.kind === 'ready') {
      this.notice = e.message;
    } else {
      this.stage = { kind: 'error', message: e instanceof Error ? e.message : String(e) };
    }
  }

  #scope = '';

  #remember(what: string, value: string): void {
    try {
      this.#storage.setItem(`delphi.${what}.${this.#scope}`, value);
    } catch {
      /* private mode: the choice lasts for this visit */
    }
  }

  #recall(what: string): string | null {
    try {
      return this.#storage.getItem(`delphi.${what}.${this.#scope}`);
    } catch {
      return null;
    }
  }

  #online = () => {
    this.browserOnline = true;
    this.retryNow();
  };

  #offline = () => {
    this.browserOnline = false;
  };
}
