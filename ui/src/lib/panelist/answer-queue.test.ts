import { describe, expect, it } from 'vitest';
import { AnswerQueue, blockQueueId, randomKey, type AnswerBody, type QueuedBody, type QueueTimers, type SendResult, type StorageLike } from './answer-queue';

/** A storage that outlives queues, like localStorage across a reload. */
function fakeStorage(): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

/** Timers advanced by hand. */
function fakeTimers(): QueueTimers & { run(): void; pending(): number[] } {
  let next = 1;
  const jobs = new Map<number, { fn: () => void; ms: number }>();
  return {
    setTimeout: (fn, ms) => {
      const id = next++;
      jobs.set(id, { fn, ms });
      return id;
    },
    clearTimeout: (h) => void jobs.delete(h as number),
    run() {
      const all = [...jobs.entries()];
      jobs.clear();
      for (const [, j] of all) j.fn();
    },
    pending: () => [...jobs.values()].map((j) => j.ms),
  };
}

interface Call {
  itemVersionId: number;
  criterion?: string;
  body: QueuedBody;
  key: string;
  resolve: (r: SendResult) => void;
}

/** A server whose replies the test controls; `stored` is what it would have saved, by key. */
function fakeServer() {
  const calls: Call[] = [];
  const stored = new Map<number, { body: QueuedBody; key: string }>();
  const keysSeen = new Map<string, string>();
  const send = (itemVersionId: number, body: QueuedBody, key: string, criterion?: string) =>
    new Promise<SendResult>((resolve) => calls.push({ itemVersionId, criterion, body, key, resolve }));
  /** Replies to the oldest open call as a real server would (idempotent by key). */
  const ack = () => {
    const c = calls.shift()!;
    const payload = JSON.stringify(c.body);
    const seen = keysSeen.get(c.key);
    if (seen !== undefined && seen !== payload)
      return c.resolve({ ok: false, transient: false, status: 422, code: 'DELPHI_IDEMPOTENCY_MISMATCH', message: 'mismatch' });
    keysSeen.set(c.key, payload);
    stored.set(c.itemVersionId, { body: c.body, key: c.key });
    c.resolve({ ok: true });
  };
  const fail = (r: Extract<SendResult, { ok: false }>) => calls.shift()!.resolve(r);
  return { calls, stored, keysSeen, send, ack, fail };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const rate = (value: number, comment: string | null = null): AnswerBody => ({ value, cannotJudge: false, comment });
const offline: Extract<SendResult, { ok: false }> = { ok: false, transient: true, status: 0, code: 'NETWORK', message: 'offline' };

function setup(storage = fakeStorage()) {
  const server = fakeServer();
  const timers = fakeTimers();
  let n = 0;
  const queue = new AnswerQueue({ storage, storageKey: 'q', send: server.send, timers, newKey: () => `key-${++n}` });
  return { queue, server, timers, storage };
}

describe('AnswerQueue', () => {
  it('stores an answer before sending it and forgets it once the server acknowledges', async () => {
    const { queue, server, storage } = setup();
    queue.submit(11, rate(7));
    expect(JSON.parse(storage.data.get('q')!)).toMatchObject([{ itemVersionId: 11, body: { value: 7 }, key: 'key-1' }]);
    expect(queue.stateOf(11)).toEqual({ kind: 'saving' });
    expect(server.calls).toHaveLength(1);
    server.ack();
    await flush();
    expect(queue.stateOf(11)).toBeNull();
    expect(storage.data.has('q')).toBe(false);
    expect(server.stored.get(11)?.body).toMatchObject({ value: 7 });
  });

  it('retries a failed send with the same Idempotency-Key and backs off', async () => {
    const { queue, server, timers } = setup();
    queue.submit(11, rate(4));
    server.fail(offline);
    await flush();
    expect(queue.stateOf(11)).toEqual({ kind: 'waiting' });
    expect(queue.offline).toBe(true);
    expect(timers.pending()).toEqual([1000]);
    timers.run();
    expect(server.calls.map((c) => c.key)).toEqual(['key-1']);
    server.fail(offline);
    await flush();
    expect(timers.pending()).toEqual([2000]);
    timers.run();
    server.ack();
    await flush();
    expect(queue.size).toBe(0);
    expect(queue.offline).toBe(false);
  });

  it('survives a reload: a new queue on the same storage sends what the old one could not', async () => {
    const storage = fakeStorage();
    const first = setup(storage);
    first.queue.submit(11, rate(3, 'Unclear'));
    first.queue.submit(12, { value: null, cannotJudge: true, comment: null });
    first.server.fail(offline);
    await flush();
    first.queue.dispose();

    const second = setup(storage);
    expect(second.queue.size).toBe(2);
    expect(second.queue.pendingAnswer(11)).toEqual(rate(3, 'Unclear'));
    second.queue.resume();
    expect(second.server.calls[0]).toMatchObject({ itemVersionId: 11, key: 'key-1' });
    second.server.ack();
    await flush();
    expect(second.server.calls[0]).toMatchObject({ itemVersionId: 12, key: 'key-2' });
    second.server.ack();
    await flush();
    expect(storage.data.has('q')).toBe(false);
  });

  it("keeps a block's whole order beside the items' answers, survives a reload, and sends only its latest order", async () => {
    const storage = fakeStorage();
    const first = setup(storage);
    const order = (...codes: string[]) => ({ answers: codes.map((subject, i) => ({ subject, value: i + 1, cannotJudge: false })) });
    first.queue.submit(11, rate(5));
    first.queue.submit(blockQueueId(7), order('A', 'B', 'C'));
    first.queue.submit(blockQueueId(7), order('B', 'A', 'C'));
    first.queue.submit(blockQueueId(7), order('B', 'A', 'C'));
    first.server.fail(offline);
    await flush();
    first.queue.dispose();

    const second = setup(storage);
    expect(second.queue.size).toBe(2);
    expect(second.queue.pendingAnswer(blockQueueId(7))).toEqual(order('B', 'A', 'C'));
    second.queue.resume();
    second.server.ack();
    await flush();
    expect(second.server.calls[0]).toMatchObject({ itemVersionId: -7, body: order('B', 'A', 'C') });
    second.server.ack();
    await flush();
    expect([...second.server.stored.keys()]).toEqual([11, -7]);
    expect(storage.data.has('q')).toBe(false);
  });

  it('never doubles an answer whose acknowledgement was lost: the retry reuses the key', async () => {
    const { queue, server, timers } = setup();
    queue.submit(11, rate(6));
    // The server stored it, but the reply never arrived.
    const lost = server.calls.shift()!;
    server.keysSeen.set(lost.key, JSON.stringify(lost.body));
    server.stored.set(11, { body: lost.body, key: lost.key });
    lost.resolve(offline);
    await flush();
    timers.run();
    expect(server.calls[0].key).toBe(lost.key);
    server.ack();
    await flush();
    expect([...server.keysSeen.keys()]).toEqual(['key-1']);
    expect(queue.size).toBe(0);
  });

  it('sends only the latest of several quick changes and gives a changed answer a new key', async () => {
    const { queue, server } = setup();
    queue.submit(11, rate(2));
    queue.submit(11, rate(3));
    queue.submit(11, rate(4));
    expect(server.calls).toHaveLength(1); // rate(2) was already in flight
    server.ack();
    await flush();
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]).toMatchObject({ body: { value: 4 }, key: 'key-3' });
    server.ack();
    await flush();
    expect(server.stored.get(11)?.body).toMatchObject({ value: 4 });
    expect(queue.size).toBe(0);
  });

  it('ignores a resubmission of the answer already waiting', () => {
    const { queue, server } = setup();
    queue.submit(11, rate(5, 'x'));
    queue.submit(11, rate(5, 'x'));
    expect(server.calls).toHaveLength(1);
    expect(queue.pendingAnswer(11)).toEqual(rate(5, 'x'));
  });

  it('reports a final refusal (round closed) per item and carries on with the others', async () => {
    const { queue, server } = setup();
    queue.submit(11, rate(5));
    queue.submit(12, rate(6));
    server.fail({ ok: false, transient: false, status: 409, code: 'DELPHI_ROUND_CLOSED', message: 'This round has closed; the answer was not saved.' });
    await flush();
    expect(queue.stateOf(11)).toEqual({ kind: 'failed', code: 'DELPHI_ROUND_CLOSED', message: 'This round has closed; the answer was not saved.' });
    expect(server.calls[0].itemVersionId).toBe(12);
    server.ack();
    await flush();
    expect(queue.size).toBe(0);
  });

  it('keeps answers stored and stops sending when the session has ended (401)', async () => {
    const { queue, server, storage } = setup();
    queue.submit(11, rate(5));
    queue.submit(12, rate(6));
    server.fail({ ok: false, transient: false, status: 401, code: 'DELPHI_UNAUTHENTICATED', message: 'Please sign in first.' });
    await flush();
    expect(queue.paused).toBe(true);
    expect(server.calls).toHaveLength(0);
    expect(JSON.parse(storage.data.get('q')!)).toHaveLength(2);
    expect(queue.stateOf(11)).toEqual({ kind: 'waiting' });
    queue.resume();
    server.ack();
    await flush();
    server.ack();
    await flush();
    expect(queue.size).toBe(0);
  });

  it('sends a key reused for another payload again under a new key', async () => {
    const { queue, server } = setup();
    server.keysSeen.set('key-1', 'something else');
    queue.submit(11, rate(8));
    server.ack();
    await flush();
    expect(server.calls[0]).toMatchObject({ key: 'key-2', body: { value: 8 } });
    server.ack();
    await flush();
    expect(server.stored.get(11)?.key).toBe('key-2');
  });

  it('tries again at once when resumed, without waiting for the backoff', async () => {
    const { queue, server, timers } = setup();
    queue.submit(11, rate(1));
    server.fail(offline);
    await flush();
    expect(server.calls).toHaveLength(0);
    queue.resume();
    expect(timers.pending()).toEqual([]);
    expect(server.calls).toHaveLength(1);
  });

  it('queues each criterion of an item on its own: one answer never replaces the other, and each keeps its key', async () => {
    const { queue, server } = setup();
    queue.submit(11, rate(4), 'relevance');
    queue.submit(11, rate(8), 'importance');
    expect(queue.size).toBe(2);
    expect(queue.pendingAnswer(11, 'relevance')).toEqual(rate(4));
    expect(queue.pendingAnswer(11, 'importance')).toEqual(rate(8));
    expect(queue.pendingAnswer(11)).toBeNull();
    expect(server.calls[0]).toMatchObject({ itemVersionId: 11, criterion: 'relevance', key: 'key-1' });
    server.fail({ ok: false, transient: false, status: 400, code: 'DELPHI_VALIDATION', message: 'Off the scale' });
    await flush();
    expect(queue.stateOf(11, 'relevance')).toMatchObject({ kind: 'failed' });
    expect(queue.stateOf(11, 'importance')).toEqual({ kind: 'saving' });
    expect(server.calls[0]).toMatchObject({ itemVersionId: 11, criterion: 'importance', key: 'key-2' });
  });

  it('sends the criterion again after a reload, under the key it was first given', async () => {
    const storage = fakeStorage();
    const first = setup(storage);
    first.queue.submit(11, rate(3), 'relevance');
    first.queue.submit(11, rate(9), 'importance');
    first.server.fail(offline);
    await flush();
    first.queue.dispose();

    const second = setup(storage);
    expect(second.queue.pendingAnswer(11, 'importance')).toEqual(rate(9));
    second.queue.resume();
    expect(second.server.calls[0]).toMatchObject({ criterion: 'relevance', key: 'key-1' });
    second.server.ack();
    await flush();
    expect(second.server.calls[0]).toMatchObject({ criterion: 'importance', key: 'key-2' });
  });

  it('ignores unreadable storage instead of failing', () => {
    const storage = fakeStorage();
    storage.data.set('q', '{not json');
    expect(setup(storage).queue.size).toBe(0);
  });
});

describe('randomKey', () => {
  it('makes keys the server accepts, different every time', () => {
    const keys = new Set(Array.from({ length: 100 }, randomKey));
    expect(keys.size).toBe(100);
    for (const k of keys) expect(k).toMatch(/^[A-Za-z0-9_.:-]{8,100}$/);
  });
});
