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
}

export interface LiveHub {
  /** Attaches a socket to a study's stream, replaying what it missed since `since`. */
  attach(studyId: number, socket: WebSocket, audience: Audience, since: number | undefined): void;
  /** Sends events committed by a service to every connected client allowed to see them. */
  publish(event: EventRow): void;
  /**
   * Tells facilitators' dashboards that answers arrived (no sequence number, not persisted, never
   * sent to panelists: a live aggregate would let a panelist subtract consecutive values).
   */
  answersChanged(studyId: number, roundId: number): void;
  clientCount(): number;
}

declare module 'fastify' {
  interface FastifyInstance {
    live: LiveHub;
  }
}

const visible = (e: EventRow, audience: Audience) => e.audience === 'all' || audience === 'facilitator';
const wire = (e: EventRow) => JSON.stringify({ type: e.type, seq: e.seq, payload: e.payload });

export default fp(
  async (app) => {
    await app.register(websocket, { options: { maxPayload: 4096 } });
    const studies = new Map<number, Set<Client>>();
    const pending = new Set<number>();

    const hub: LiveHub = {
      attach(studyId, socket, audience, since) {
        const client: Client = { socket, audience };
        let set = studies.get(studyId);
        if (!set) studies.set(studyId, (set = new Set()));
        // Register before reading the backlog: an event committed in between is then sent twice
        // at worst, and clients drop any seq they have already applied.
        set.add(client);
        const last = lastEventSeq(app.db, studyId);
        const missed = since === undefined || since > last ? null : listEventsSince(app.db, studyId, since, REPLAY_LIMIT + 1);
        const snapshot = missed === null || missed.length > REPLAY_LIMIT;
        socket.send(JSON.stringify({ type: 'hello', seq: last, replayed: snapshot ? 0 : missed.length, snapshot }));
        if (!snapshot) for (const e of missed) if (visible(e, audience)) socket.send(wire(e));

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
          if (set.size === 0) studies.delete(studyId);
        });
      },
      publish(event) {
        const set = studies.get(event.studyId);
        if (!set) return;
        const message = wire(event);
        for (const c of set) if (visible(event, c.audience) && c.socket.readyState === c.socket.OPEN) c.socket.send(message);
      },
      answersChanged(studyId, roundId) {
        const set = studies.get(studyId);
        if (!set || pending.has(studyId)) return;
        // At most one ping per study every 500 ms, however many answers arrive.
        pending.add(studyId);
        setTimeout(() => {
          pending.delete(studyId);
          const message = JSON.stringify({ type: 'answers_changed', payload: { roundId } });
          for (const c of studies.get(studyId) ?? []) if (c.audience === 'facilitator' && c.socket.readyState === c.socket.OPEN) c.socket.send(message);
        }, 500).unref();
      },
      clientCount() {
        let n = 0;
        for (const s of studies.values()) n += s.size;
        return n;
      },
    };
    app.decorate('live', hub);
    app.addHook('onClose', async () => {
      for (const set of studies.values()) for (const c of set) c.socket.terminate();
    });
  },
  { name: 'live', dependencies: ['db'] },
);
