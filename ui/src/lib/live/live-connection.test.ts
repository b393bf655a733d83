import { describe, expect, it } from 'vitest';
import { LiveConnection, parseLiveMessage, type LiveEvent, type LiveStatus, type SocketLike, type Timers } from './live-connection';

class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  sent: string[] = [];
  closed = false;
  constructor(readonly since: number | null) {}
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.closed = true;
    this.readyState = 3;
  }
  // Server side of the test:
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  message(m: unknown) {
    this.onmessage?.({ data: JSON.stringify(m) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
}

function fakeTimers(): Timers & { run(): void; delays(): number[] } {
  let next = 1;
  const jobs = new Map<number, { fn: () => void; ms: number }>();
  return {
    setTimeout: (fn, ms) => {
      jobs.set(next, { fn, ms });
      return next++;
    },
    clearTimeout: (h) => void jobs.delete(h as number),
    run() {
      const all = [...jobs.values()];
      jobs.clear();
      for (const j of all) j.fn();
    },
    delays: () => [...jobs.values()].map((j) => j.ms),
  };
}

const closed = (seq: number, roundId = 1) => ({ type: 'round_closed', seq, payload: { roundId, number: 1, kind: 'rating' } });
const opened = (seq: number, roundId = 2) => ({ type: 'round_opened', seq, payload: { roundId, number: 2, kind: 'rating' } });

function setup() {
  const sockets: FakeSocket[] = [];
  const events: LiveEvent[] = [];
  const statuses: LiveStatus[] = [];
  let snapshots = 0;
  const timers = fakeTimers();
  const conn = new LiveConnection({
    open: (since) => {
      const s = new FakeSocket(since);
      sockets.push(s);
      return s;
    },
    onEvent: (e) => events.push(e),
    onSnapshot: () => snapshots++,
    onStatus: (s) => statuses.push(s),
    timers,
    random: () => 0,
    backoff: [100, 400, 1000],
    pingEveryMs: 25_000,
    pongTimeoutMs: 5_000,
  });
  return { conn, sockets, events, statuses, timers, snapshots: () => snapshots };
}

describe('LiveConnection', () => {
  it('asks for a snapshot on first contact and then applies events in order', () => {
    const { conn, sockets, events, snapshots, statuses } = setup();
    conn.start();
    expect(sockets[0].since).toBeNull();
    sockets[0].open();
    sockets[0].message({ type: 'hello', seq: 4, replayed: 0, snapshot: true });
    expect(snapshots()).toBe(1);
    expect(conn.lastSeq).toBe(4);
    sockets[0].message(closed(5));
    expect(events.map((e) => e.type)).toEqual(['round_closed']);
    expect(conn.lastSeq).toBe(5);
    expect(statuses).toEqual(['connecting', 'live']);
  });

  it('reconnects after a drop, resumes from the last applied seq, and skips what it already applied', () => {
    const { conn, sockets, events, timers, snapshots } = setup();
    conn.start();
    sockets[0].open();
    sockets[0].message({ type: 'hello', seq: 2, replayed: 0, snapshot: true });
    sockets[0].message(closed(3));
    sockets[0].drop();
    expect(conn.status).toBe('offline');
    expect(timers.delays()).toEqual([100]);
    timers.run();
    expect(sockets[1].since).toBe(3);
    sockets[1].open();
    // The server may send an event twice around the reconnect; it must be applied once.
    sockets[1].message({ type: 'hello', seq: 4, replayed: 1, snapshot: false });
    sockets[1].message(closed(3));
    sockets[1].message(opened(4));
    sockets[1].message(opened(4));
    expect(events.map((e) => [e.type, 'seq' in e ? e.seq : null])).toEqual([
      ['round_closed', 3],
      ['round_opened', 4],
    ]);
    expect(snapshots()).toBe(1);
    expect(conn.lastSeq).toBe(4);
  });

  it('backs off longer after each failed attempt and resets once connected', () => {
    const { conn, sockets, timers } = setup();
    conn.start();
    sockets[0].drop();
    expect(timers.delays()).toEqual([100]);
    timers.run();
    sockets[1].drop();
    expect(timers.delays()).toEqual([400]);
    timers.run();
    sockets[2].drop();
    expect(timers.delays()).toEqual([1000]);
    timers.run();
    sockets[3].drop();
    expect(timers.delays()).toEqual([1000]);
    timers.run();
    sockets[4].open();
    sockets[4].drop();
    expect(timers.delays()).toEqual([100]);
  });

  it('refetches when the server cannot replay (snapshot) and adopts its seq', () => {
    const { conn, sockets, timers, snapshots, events } = setup();
    conn.start();
    sockets[0].open();
    sockets[0].message({ type: 'hello', seq: 1, replayed: 0, snapshot: true });
    sockets[0].drop();
    timers.run();
    sockets[1].open();
    sockets[1].message({ type: 'hello', seq: 900, replayed: 0, snapshot: true });
    expect(snapshots()).toBe(2);
    expect(conn.lastSeq).toBe(900);
    sockets[1].message(closed(900));
    expect(events).toEqual([]);
  });

  it('passes answers_changed through every time (it has no seq)', () => {
    const { conn, sockets, events } = setup();
    conn.start();
    sockets[0].open();
    sockets[0].message({ type: 'answers_changed', payload: { roundId: 1 } });
    sockets[0].message({ type: 'answers_changed', payload: { roundId: 1 } });
    expect(events).toHaveLength(2);
  });

  it('pings, and treats a socket that stops answering as dead', () => {
    const { conn, sockets, timers } = setup();
    conn.start();
    sockets[0].open();
    expect(timers.delays()).toEqual([25_000]);
    timers.run();
    expect(sockets[0].sent).toEqual(['{"type":"ping"}']);
    expect(timers.delays()).toEqual([5_000]);
    timers.run(); // no pong
    expect(sockets[0].closed).toBe(true);
    expect(conn.status).toBe('offline');
    timers.run();
    expect(sockets).toHaveLength(2);
  });

  it('keeps a socket that answers the ping', () => {
    const { conn, sockets, timers } = setup();
    conn.start();
    sockets[0].open();
    timers.run();
    sockets[0].message({ type: 'pong' });
    expect(timers.delays()).toEqual([25_000]);
    expect(sockets[0].closed).toBe(false);
  });

  it('stops for good on stop(), and nudge() skips the wait while offline', () => {
    const { conn, sockets, timers } = setup();
    conn.start();
    sockets[0].drop();
    conn.nudge();
    expect(sockets).toHaveLength(2);
    expect(timers.delays()).toEqual([]);
    conn.stop();
    expect(sockets[1].closed).toBe(true);
    sockets[1].drop();
    timers.run();
    expect(sockets).toHaveLength(2);
  });

  it('ignores messages it does not understand', () => {
    expect(parseLiveMessage('not json')).toBeNull();
    expect(parseLiveMessage(JSON.stringify({ type: 'round_closed' }))).toBeNull();
    expect(parseLiveMessage(JSON.stringify({ type: 'surprise', seq: 1 }))).toBeNull();
    expect(parseLiveMessage(new ArrayBuffer(2))).toBeNull();
    expect(parseLiveMessage(JSON.stringify(closed(1)))).toMatchObject({ type: 'round_closed', seq: 1 });
  });
});
