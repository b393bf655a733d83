import fp from 'fastify-plugin';
import { findRound } from '../repositories/rounds';
import { findStudy } from '../repositories/studies';
import { answerersOf, subjectKey } from '../repositories/releases';
import { UNNAMED_CRITERION } from '../services/criteria';
import { releaseDue } from '../services/release-service';

export interface Releases {
  /**
   * A save landed in a round whose figures are released in batches (strict anonymity). Looks
   * for due snapshots shortly after, off the save's reply and once per burst of saves, and pings
   * the facilitators' dashboards only when one was released, so the ping follows batches of
   * k answers rather than each save. In a real-time round, also tells the pages of panelists who
   * answered an item on a criterion that has a new snapshot.
   */
  answersArrived(studyId: number, roundId: number, realtime?: boolean): void;
  /** Resolves when no release pass is pending or running (tests, shutdown). */
  settled(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    releases: Releases;
  }
}

/**
 * How long a burst of saves may take before the release pass runs. A pass reads the round's answer
 * counts and, when an item is due, runs the engine over the round; once a second per round keeps
 * that off the save rate under load, and the dashboard reloads no faster than that anyway.
 */
const GATHER_MS = 1000;
/**
 * A real-time round's panelists wait for their feedback, so its passes gather for less: a pass
 * there runs the engine over the due items only (release-service.ts), cheap enough at this pace.
 */
const REALTIME_GATHER_MS = 100;

export default fp(
  async (app) => {
    /** Per round: a pass is waiting to start, or running with more saves arriving meanwhile. */
    const rounds = new Map<number, { studyId: number; gather: number; again: boolean; timer: NodeJS.Timeout | null; running: Promise<void> | null }>();
    let closing = false;

    const pass = async (studyId: number, roundId: number) => {
      const study = await findStudy(app.db, studyId);
      const round = await findRound(app.db, roundId);
      if (!study || !round) return;
      const released = await releaseDue(app.db, study, round, app.now().toISOString());
      if (released.length === 0) return;
      app.live.answersChanged(studyId, roundId);
      if (round.mode !== 'realtime') return;
      const numbers = new Map(released.map((r) => [subjectKey(r.itemVersionId, r.criterion), r.number]));
      const answerers = await answerersOf(app.db, roundId, released);
      const items = new Map(
        [...answerers].map(([panelist, subjects]) => [
          panelist,
          subjects.map(({ itemVersionId, criterion }) => ({
            itemVersionId,
            // A study that names no criteria keeps the message it always had.
            ...(criterion === UNNAMED_CRITERION ? {} : { criterion }),
            snapshot: numbers.get(subjectKey(itemVersionId, criterion))!,
          })),
        ]),
      );
      app.live.feedbackReleased(studyId, roundId, items);
    };

    const run = (roundId: number) => {
      const state = rounds.get(roundId);
      if (!state || closing) return void rounds.delete(roundId);
      state.timer = null;
      state.again = false;
      state.running = pass(state.studyId, roundId)
        .catch((err: unknown) => app.log.warn({ err, roundId }, 'could not release provisional figures'))
        .finally(() => {
          state.running = null;
          if (state.again && !closing) state.timer = setTimeout(() => run(roundId), state.gather);
          else rounds.delete(roundId);
        });
    };

    app.decorate('releases', {
      answersArrived(studyId, roundId, realtime = false) {
        if (closing) return;
        const state = rounds.get(roundId);
        if (!state) {
          const gather = realtime ? REALTIME_GATHER_MS : GATHER_MS;
          rounds.set(roundId, { studyId, gather, again: false, timer: setTimeout(() => run(roundId), gather), running: null });
        } else if (state.running) state.again = true;
      },
      async settled() {
        while (rounds.size > 0) {
          await Promise.all([...rounds.values()].map((s) => s.running ?? new Promise((resolve) => setTimeout(resolve, s.gather))));
        }
      },
    } satisfies Releases);

    app.addHook('preClose', async () => {
      closing = true;
      for (const s of rounds.values()) if (s.timer) clearTimeout(s.timer);
      await Promise.all([...rounds.values()].flatMap((s) => (s.running ? [s.running.catch(() => undefined)] : [])));
      rounds.clear();
    });
  },
  { name: 'releases', dependencies: ['db', 'live'] },
);
