import { ApiError } from '../api-client';
import { LiveConnection, type LiveStatus } from '../live/live-connection';
import { i18n } from '../../i18n/i18n.svelte';
import { BlocksState } from './blocks-state.svelte';
import { LiveUpdates } from './live-updates.svelte';
import { AnswerQueue, isBlockBody, type AnswerBody, type QueuedBody, type SaveState, type SendResult, type StorageLike } from './answer-queue';
import { panelistApi, type PanelistFeedback, type PanelistItem, type PanelistMe, type PanelistRound } from './panelist-api';
import { readEntryLink } from './entry-link';
import { browserStorage } from './device-storage';
import type { Category, Stage } from './panelist-stage';
import { errorMessage } from '../error-message';

function storedAnswer(item: PanelistItem, criterion: string | undefined) {
  return criterion === undefined ? item.answer : (item.criteria.find((c) => c.criterion === criterion)?.answer ?? null);
}

function toResult(e: unknown): SendResult {
  if (e instanceof ApiError) return { ok: false, transient: e.transient, status: e.status, code: e.code, message: e.message };
  return { ok: false, transient: true, status: 0, code: 'NETWORK', message: String(e) };
}

/** Everything the panelist app shows, and the actions it offers. One instance per page. */
export class PanelistState {
  stage = $state<Stage>({ kind: 'loading' });
  me = $state<PanelistMe | null>(null);
  round = $state<PanelistRound | null>(null);
  /** The last closed round's feedback, shown while no round is open. */
  lastFeedback = $state<PanelistFeedback | null>(null);
  live = $state<LiveStatus>('offline');
  browserOnline = $state(true);
  notice = $state<string | null>(null);
  consented = $state(false);

  #queue: AnswerQueue | null = null;
  #queueTick = $state(0);
  /** Real-time round: which released figures are new since this panelist last saw them. */
  readonly releases = new LiveUpdates();
  /** Answers to the round's question blocks (rankings, relations). */
  readonly blocks = new BlocksState({ queue: () => this.#queue, tick: () => this.#queueTick, round: () => this.round });
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
    const answered = items.filter((i) => this.isAnswered(i)).length;
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
    const link = readEntryLink(location.search, location.hash);
    if (link) {
      // Until the invitation is read we do not know the panelist's language: use the browser's.
      await i18n.use(navigator.language || 'en');
      if (link.optOut) await this.#optOut(link.token);
      else await this.openInvitation(link.token);
      return;
    }
    try {
      await this.#enter(await panelistApi.me());
    } catch (e) {
      this.#fail(e);
    }
  }

  /** Shows the study's welcome from the invitation, without a session: reading it changes nothing. */
  async openInvitation(token: string): Promise<void> {
    this.stage = { kind: 'loading' };
    try {
      const preview = await panelistApi.previewInvitation(token);
      await i18n.use(preview.language);
      this.stage = { kind: 'invitation', token, preview };
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) this.#invitationRefused(e);
      else {
        // The welcome could not be read: offer the plain invitation, the exchange may still work.
        this.stage = { kind: 'invitation', token, preview: null };
        this.notice = errorMessage(e);
      }
    }
  }

  /**
   * The panelist chose to go on: exchange the token for a session and clean the address.
   * `consented` is true when they agreed on the welcome page, so it is not asked again.
   */
  async acceptInvitation(token: string, consented = false): Promise<void> {
    const before = this.stage;
    this.stage = { kind: 'loading' };
    this.notice = null;
    try {
      const me = await panelistApi.startSession(token);
      // The token must not linger in the address bar, history or a bookmark.
      history.replaceState(null, '', '/panel');
      this.#consentGiven = consented;
      await this.#enter(me);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) this.#invitationRefused(e);
      else {
        this.stage = before.kind === 'invitation' ? before : { kind: 'invitation', token, preview: null };
        this.notice = errorMessage(e);
      }
    }
  }

  /** From the opt-out confirmation on to the study's welcome, with a plain invitation address. */
  async continueAfterOptOut(token: string): Promise<void> {
    history.replaceState(null, '', `/join#${token}`);
    await this.openInvitation(token);
  }

  async setReminders(on: boolean): Promise<boolean> {
    try {
      this.me = await panelistApi.setReminders(on);
      return true;
    } catch (e) {
      this.notice = errorMessage(e);
      return false;
    }
  }

  async #optOut(token: string): Promise<void> {
    try {
      await panelistApi.unsubscribe(token);
      this.stage = { kind: 'opted-out', token, ok: true, message: null };
    } catch (e) {
      this.stage = { kind: 'opted-out', token, ok: false, message: errorMessage(e) };
    }
  }

  #invitationRefused(e: ApiError): void {
    history.replaceState(null, '', '/panel');
    this.stage = { kind: 'no-session', message: e.message };
  }

  giveConsent(): void {
    this.consented = true;
    this.#remember('consent', '1');
  }

  /**
   * What the panelist's answer to an item (on a criterion, in a study that names them) is now:
   * one waiting to be sent wins over the server's.
   */
  answerOf(item: PanelistItem, criterion?: string): AnswerBody | null {
    void this.#queueTick;
    const pending = this.#queue?.pendingAnswer(item.itemVersionId, criterion);
    if (pending && !isBlockBody(pending)) return pending;
    const a = storedAnswer(item, criterion);
    return a ? { value: a.value, cannotJudge: a.cannotJudge, comment: a.comment } : null;
  }

  /** Answered on every criterion the item asks. */
  isAnswered(item: PanelistItem): boolean {
    const criteria = this.me?.study.criteria ?? [];
    return criteria.length === 0 ? this.answerOf(item) !== null : criteria.every((c) => this.answerOf(item, c.code) !== null);
  }

  saveStateOf(item: PanelistItem, criterion?: string): SaveState | null {
    void this.#queueTick;
    const state = this.#queue?.stateOf(item.itemVersionId, criterion) ?? null;
    if (state) return state;
    return storedAnswer(item, criterion) ? { kind: 'saved' } : null;
  }

  answer(item: PanelistItem, body: AnswerBody, criterion?: string): void {
    this.#queue?.submit(item.itemVersionId, body, criterion);
  }

  retryNow(): void {
    this.#queue?.resume();
    this.#connection?.nudge();
  }

  async setLanguage(language: string): Promise<void> {
    try {
      this.me = await panelistApi.setLanguage(language);
      await i18n.use(language);
      await this.reload();
    } catch (e) {
      this.notice = errorMessage(e);
    }
  }

  async addIdea(text: string, categoryId: number | null): Promise<boolean> {
    try {
      const idea = await panelistApi.addIdea(text, categoryId);
      if (this.round) this.round.ideas = [...this.round.ideas, idea];
      return true;
    } catch (e) {
      this.notice = errorMessage(e);
      return false;
    }
  }

  async withdraw(): Promise<void> {
    try {
      await panelistApi.withdraw();
      this.stop();
      this.stage = { kind: 'withdrawn' };
    } catch (e) {
      this.notice = errorMessage(e);
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

  async #enter(me: PanelistMe): Promise<void> {
    this.me = me;
    if (me.panelist.status === 'withdrawn') {
      this.stage = { kind: 'withdrawn' };
      return;
    }
    await i18n.use(me.panelist.language);
    const scope = `${me.panelist.code}@${me.study.title}`;
    this.#scope = scope;
    this.consented = this.#recall('consent') === '1';
    if (this.#consentGiven) this.giveConsent();
    if (!this.#queue) {
      this.#queue = new AnswerQueue({
        storage: this.#storage,
        storageKey: `delphi.answers.v1.${scope}`,
        send: (id, body, key, criterion) => this.#send(id, body, key, criterion),
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
    const me = await panelistApi.me();
    this.me = me;
    if (me.panelist.status === 'withdrawn') {
      this.stage = { kind: 'withdrawn' };
      return;
    }
    let round: PanelistRound | null = null;
    if (me.currentRound) {
      try {
        round = await panelistApi.round();
      } catch (e) {
        // The round closed between the two requests: show what is there now.
        if (!(e instanceof ApiError && e.code === 'DELPHI_ROUND_NOT_OPEN')) throw e;
      }
    }
    const last = me.closedRounds.reduce<{ id: number; number: number } | null>((a, r) => (!a || r.number > a.number ? r : a), null);
    const feedback = !round && last ? await panelistApi.feedback(last.id) : null;
    this.round = round;
    this.lastFeedback = feedback;
    this.releases.noteRound(round);
  }

  async #send(itemVersionId: number, body: QueuedBody, key: string, criterion?: string): Promise<SendResult> {
    try {
      if (isBlockBody(body)) {
        await this.blocks.send(itemVersionId, body, key);
        return { ok: true };
      }
      const saved = await panelistApi.saveAnswer(itemVersionId, body, key, criterion);
      const item = this.round?.items.find((i) => i.itemVersionId === itemVersionId);
      const answer = { value: saved.value, cannotJudge: saved.cannotJudge, comment: saved.comment, revision: saved.revision };
      const slot = criterion === undefined ? undefined : item?.criteria.find((c) => c.criterion === criterion);
      if (slot) slot.answer = answer;
      // The item's own answer is its first criterion's, as the server gives it.
      if (item && (criterion === undefined || item.criteria[0]?.criterion === criterion)) item.answer = answer;
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
      open: (since) => panelistApi.live(since),
      onEvent: (event) => {
        if (event.type === 'round_opened' || event.type === 'round_closed') void this.reload();
        // A real-time round released new figures for items (and criteria) this panelist answered.
        if (event.type === 'feedback_released') {
          this.releases.mark(event.payload.items);
          void this.reload();
        }
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
      this.stage = { kind: 'error', message: errorMessage(e) };
    }
  }

  #scope = '';
  /** Agreed on the welcome page before the exchange. */
  #consentGiven = false;

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
