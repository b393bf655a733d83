import { consoleApi, type EmailStatus, type Category, type Item, type Round, type Study, type UpdateStudy, type Protocol } from '../console/console-api';
import { errorMessage } from '../error-message';

/** One study as the console edits it: details, categories, items and rounds, kept in step. */
export class StudyState {
  study = $state<Study | null>(null);
  categories = $state<Category[]>([]);
  items = $state<Item[]>([]);
  rounds = $state<Round[]>([]);
  error = $state<string | null>(null);
  /** Whether this server sends e-mail; null until known (or when it could not be read). */
  email = $state<EmailStatus | null>(null);
  readonly emailOff = $derived(this.email !== null && !this.email.enabled);

  readonly canWrite = $derived(this.study !== null && this.study.role !== 'observer');
  /** Locked when round 1 opened: the protocol can no longer change. */
  readonly locked = $derived(this.study?.protocolLockedAt != null);
  readonly language = $derived(this.study?.languages[0] ?? 'en');
  readonly openRound = $derived(this.rounds.find((r) => r.status === 'open') ?? null);
  readonly draftRound = $derived(this.rounds.find((r) => r.status === 'draft') ?? null);
  readonly lastClosed = $derived(this.rounds.filter((r) => r.status === 'closed').reduce<Round | null>((a, r) => (!a || r.number > a.number ? r : a), null));

  async load(ref: string): Promise<void> {
    try {
      this.study = await consoleApi.study(ref);
      await Promise.all([this.refreshCategories(), this.refreshItems(), this.refreshRounds(), this.refreshEmail()]);
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  get id(): number {
    return this.study!.id;
  }

  async update(patch: UpdateStudy): Promise<void> {
    this.study = await consoleApi.updateStudy(this.id, patch);
  }

  async setProtocol(protocol: Protocol): Promise<void> {
    this.study = await consoleApi.setProtocol(this.id, protocol);
  }

  async refreshStudy(): Promise<void> {
    this.study = await consoleApi.study(this.id);
  }

  async refreshEmail(): Promise<void> {
    try {
      this.email = await consoleApi.emailStatus(this.id);
    } catch {
      // Not knowing only hides the e-mail hints; the rest of the study still works.
      this.email = null;
    }
  }

  async refreshCategories(): Promise<void> {
    this.categories = await consoleApi.categories(this.id);
  }

  async refreshItems(): Promise<void> {
    this.items = await consoleApi.items(this.id);
  }

  async refreshRounds(): Promise<void> {
    this.rounds = await consoleApi.rounds(this.id);
  }

  categoryName(id: number | null): string {
    if (id === null) return '—';
    const c = this.categories.find((x) => x.id === id);
    return c ? (c.names[this.language] ?? Object.values(c.names)[0] ?? c.code) : '—';
  }

  /** An item's text in the study's first language (or any it has). */
  textOf(itemId: number): string {
    const item = this.items.find((i) => i.id === itemId);
    return item ? (item.texts[this.language] ?? Object.values(item.texts)[0] ?? '') : '';
  }
}
