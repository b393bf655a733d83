import { LiveConnection, type LiveStatus } from '../live/live-connection';
import { consoleApi, type Participation, type Results } from '../console/console-api';
import { errorMessage } from '../error-message';

/**
 * What the live dashboard shows for an open round: participation and provisional results,
 * refetched when the study's stream says answers changed (at most once a second).
 */
export class DashboardState {
  participation = $state<Participation | null>(null);
  results = $state<Results | null>(null);
  live = $state<LiveStatus>('offline');
  updatedAt = $state<Date | null>(null);
  error = $state<string | null>(null);

  #studyId: number;
  #roundId: number;
  #connection: LiveConnection | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #lastFetch = 0;
  #onRoundChange: () => void;

  constructor(studyId: number, roundId: number, onRoundChange: () => void) {
    this.#studyId = studyId;
    this.#roundId = roundId;
    this.#onRoundChange = onRoundChange;
  }

  start(): void {
    void this.refresh();
    this.#connection = new LiveConnection({
      open: (since) => consoleApi.live(this.#studyId, since),
      onEvent: (e) => {
        if (e.type === 'answers_changed') {
          if (e.payload.roundId === this.#roundId) this.#schedule();
        } else this.#onRoundChange();
      },
      onSnapshot: () => this.#schedule(),
      onStatus: (s) => (this.live = s),
    });
    this.#connection.start();
  }

  stop(): void {
    this.#connection?.stop();
    if (this.#timer) clearTimeout(this.#timer);
  }

  async refresh(): Promise<void> {
    this.#lastFetch = Date.now();
    try {
      const [participation, results] = await Promise.all([consoleApi.participation(this.#roundId), consoleApi.results(this.#roundId)]);
      this.participation = participation;
      this.results = results;
      this.updatedAt = new Date();
      this.error = null;
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  #schedule(): void {
    if (this.#timer) return;
    const wait = Math.max(0, 1000 - (Date.now() - this.#lastFetch));
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.refresh();
    }, wait);
  }
}
