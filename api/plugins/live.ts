import fp from 'fastify-plugin';
import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import { LiveClientMessageSchema } from '../schemas/live';
import { lastEventSeq, listEventsSince, type EventRow } from '../repositories/events';

export type Audience = 'panel' | 'facilitator';
const REPLAY_LIMIT = 500;

interface Client {
  socket: WebSocket;
  audience: Audience;
  panelistId?: number;
}

export interface LiveHub {
  /** Attaches a socket to a study's stream, replaying what it missed since `since`. */
  attach(studyId: number, socket: WebSocket, audience: Audience, since: number | undefined, panelistId?: number): Promise<void>;
  /** Closes a panelist's sockets on this instance at once: their access was revoked or they withdrew. */
  dropPanelist(panelistId: number): void;
  /** Sends an event a service has committed to every connected client allowed to see it. */
  publish(event: EventRow): void;
  /**
   * Tells facilitators' dashboards that answers arrived (no sequence number, not persisted, never
   * sent to panelists: a live aggregate would let a panelist subtract consecutive values).
   */
  answersChanged(studyId: number, roundId: number): void;
  /**
   * Tells the open pages of panelists of a real-time round which of the items they have answered
   * have a new snapshot. Only those panelists, only those items: a page hears nothing about an
   * item its panelist has not answered. Not persisted; a page that reconnects refetches the round.
   */
  feedbackReleased(studyId: number, roundId: number, itemsByPanelist: Map<number, { itemVersionId: number; criterion?: string; snapshot: number }[]>): void;
  clientCount(): number;
}

declare module 'fastify' {
  interface FastifyInstance {
    live: LiveHub;
  }
}

const visible = (e: EventRow, audience: Audience) => e.audience === 'all' || audience === 'facilitator';
const wire = (e: EventRow) => JSON.stringify({ type: e.type, seq: e.seq, payload: e.payload });

/**
 * The websocket hub of this server instance. Every study's events carry consecutive sequence
 * numbers from the database, and the hub sends each one to its clients once and in order: an
 * event published here goes out at once when it is the next one; when a number is missing
 * (an event committed through another instance, announced by the database) the hub reads the
 * gap from the events table first. Clients drop a seq they have already applied.
 */
export default fp(
  async (app) => {
    await app.register(websocket, { options: { maxPayload: 4096 } });
    const studies = new Map<number, Set<Client>>();
    const pending = new Set<number>();
    /** Per study with clients: the last seq sent to them. */
    const delivered = new Map<number, number>();
    /** Per study: the catch-up reads in progress, one after another. */
    const catchUps = new Map<number, Promise<void>>();

    const send = (event: EventRow) => {
      const set = studies.get(event.studyId);
      if (!set) return;
      const message = wire(event);
      for (const c of set) if (visible(event, c.audience) && c.socket.readyState === c.socket.OPEN) c.socket.send(message);
      delivered.set(event.studyId, event.seq);
    };

    /** Sends, in order, every event after the last one sent up to `seq`, reading them from the database. */
    const catchUp = (studyId: number, seq: number) => {
      const previous = catchUps.get(studyId) ?? Promise.resolve();
      const next = previous
        .then(async () => {
          const from = delivered.get(studyId);
          if (from === undefined || seq <= from || !studies.has(studyId)) return;
          for (const e of await listEventsSince(app.db, studyId, from, seq - from)) if (e.seq > (delivered.get(studyId) ?? 0)) send(e);
        })
        .catch((err: unknown) => app.log.warn({ err, studyId }, 'could not read live events'))
        .finally(() => {
          if (catchUps.get(studyId) === next) catchUps.delete(studyId);
        });
      catchUps.set(studyId, next);
    };

    /** Pings facilitators' dashboards on this instance, at most once per study every 500 ms. */
    const pingDashboards = (studyId: number, roundId: number, alsoElsewhere: boolean) => {
      if (pending.has(studyId)) return;
      pending.add(studyId);
      if (alsoElsewhere) void app.db.signalAnswers(studyId, roundId).catch((err: unknown) => app.log.warn({ err }, 'could not signal other instances'));
      setTimeout(() => {
        pending.delete(studyId);
        const message = JSON.stringify({ type: 'answers_changed', payload: { roundId } });
        for (const c of studies.get(studyId) ?? []) if (c.audience === 'facilitator' && c.socket.readyState === c.socket.OPEN) c.socket.send(message);
      }, 500).unref();
    };

    const unsubscribe = await app.db.subscribe((news) => {
      if (news.kind === 'event') catchUp(news.studyId, news.seq);
      else if (news.kind === 'answers') {
        if (studies.has(news.studyId)) pingDashboards(news.studyId, news.roundId, false);
      }
      // Reconnected to the database: announcements may have been missed, so look for anything newer.
      else
        for (const id of studies.keys())
          void lastEventSeq(app.db, id).then(
            (last) => catchUp(id, last),
            () => undefined,
          );
    });

    const hub: LiveHub = {
      async attach(studyId, socket, audience, since, panelistId) {
        const client: Client = { socket, audience, panelistId };
        let set = studies.get(studyId);
        if (!set) studies.set(studyId, (set = new Set()));
        // Register before reading the backlog: an event committed in between is then sent twice
        // at worst, and clients drop any seq they have already applied.
        set.add(client);
        socket.on('message', (data) => {
          let parsed: unknown;
          try {
            parsed = JSON.parse(String(data));
          } catch {
            parsed = undefined;
          }
          if (!LiveClientMessageSchema.safeParse(parsed).success) {
            socket.close(1003, 'unsupported message');
            return;
          }
          socket.send(JSON.stringify({ type: 'pong' }));
        });
        socket.on('close', () => {
          set.delete(client);
          if (set.size === 0 && studies.get(studyId) === set) {
            studies.delete(studyId);
            delivered.delete(studyId);
          }
        });
        const last = await lastEventSeq(app.db, studyId);
        // The first client of a study starts the count; later ones must not move it past events
        // the others have not been sent yet (they get those twice at worst).
        if (!delivered.has(studyId)) delivered.set(studyId, last);
        const missed = since === undefined || since > last ? null : await listEventsSince(app.db, studyId, since, REPLAY_LIMIT + 1);
        if (socket.readyState !== socket.OPEN) return;
        const snapshot = missed === null || missed.length > REPLAY_LIMIT;
        socket.send(JSON.stringify({ type: 'hello', seq: last, replayed: snapshot ? 0 : missed.length, snapshot }));
        if (!snapshot) for (const e of missed) if (visible(e, audience)) socket.send(wire(e));
      },
      publish(event) {
        if (!studies.has(event.studyId)) return;
        const last = delivered.get(event.studyId);
        if (last !== undefined && event.seq <= last) return;
        if (catchUps.has(event.studyId) || (last !== undefined && event.seq > last + 1)) catchUp(event.studyId, event.seq);
        else send(event);
      },
      answersChanged(studyId, roundId) {
        // Other instances may hold the dashboards, so they hear of it even when no one here listens.
        pingDashboards(studyId, roundId, true);
      },
      feedbackReleased(studyId, roundId, itemsByPanelist) {
        for (const c of studies.get(studyId) ?? []) {
          const items = c.panelistId === undefined ? undefined : itemsByPanelist.get(c.panelistId);
          if (c.audience !== 'panel' || !items || c.socket.readyState !== c.socket.OPEN) continue;
          c.socket.send(JSON.stringify({ type: 'feedback_released', payload: { roundId, items } }));
        }
      },
      dropPanelist(panelistId) {
        for (const set of studies.values()) for (const c of set) if (c.panelistId === panelistId) c.socket.close(4403, 'access ended');
      },
      clientCount() {
        let n = 0;
        for (const s of studies.values()) n += s.size;
        return n;
      },
    };
    app.decorate('live', hub);
    app.addHook('onClose', async () => {
      await unsubscribe?.();
      for (const set of studies.values()) for (const c of set) c.socket.terminate();
    });
  },
  { name: 'live', dependencies: ['db'] },
);
