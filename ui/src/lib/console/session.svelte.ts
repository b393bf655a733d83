import { ApiError, sessionEvents } from '../api-client';
import { consoleApi, type Me } from './console-api';
import { consoleI18n, consoleLanguageOf } from '../../i18n/console.svelte';
import type { UiLanguage } from '$contract/languages';

/** Who is signed in to the console. */
export class ConsoleSession {
  me = $state<Me | null>(null);
  checked = $state(false);
  /** The one-time password just used to sign in, so a forced change does not ask for it again. */
  #oneTime: string | null = null;

  constructor() {
    // A session that expires mid-work (12 h, or signed out elsewhere) sends the user back to sign in.
    sessionEvents.addEventListener('unauthorized', (e) => {
      const path = (e as CustomEvent<string>).detail;
      if (!path.startsWith('/auth/')) this.me = null;
    });
  }

  get knowsCurrentPassword(): boolean {
    return this.#oneTime !== null;
  }

  async load(): Promise<void> {
    try {
      this.me = await consoleApi.me();
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) throw e;
      this.me = null;
    } finally {
      await consoleI18n.use(consoleLanguageOf(this.me?.language)).catch(() => undefined);
      this.checked = true;
    }
  }

  /** Switches the console's language and, once signed in, remembers it for this facilitator. */
  async setLanguage(language: UiLanguage): Promise<void> {
    await consoleI18n.use(language);
    if (this.me) this.me = await consoleApi.setLanguage(language);
  }

  async signIn(email: string, password: string): Promise<void> {
    this.me = await consoleApi.signIn(email, password);
    if (this.me.language) await consoleI18n.use(this.me.language);
    this.#oneTime = this.me.mustChangePassword ? password : null;
  }

  async changePassword(currentPassword: string | null, newPassword: string): Promise<void> {
    await consoleApi.changePassword(currentPassword ?? this.#oneTime ?? '', newPassword);
    this.#oneTime = null;
    this.me = await consoleApi.me();
  }

  async signOut(): Promise<void> {
    await consoleApi.signOut().catch(() => undefined);
    this.me = null;
    this.#oneTime = null;
  }
}
