import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { Action, Resource } from './async.svelte';

/** A promise the test settles by hand, to look at the state while an operation is in flight. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('Action', () => {
  it('is busy while the operation runs and not afterwards, and passes its arguments on', async () => {
    const gate = deferred<void>();
    const seen: string[] = [];
    const save = new Action(async (name: string) => {
      seen.push(name);
      await gate.promise;
    });
    expect(save.busy).toBe(false);
    const running = save.run('K1');
    expect(save.busy).toBe(true);
    gate.resolve();
    await expect(running).resolves.toBe(true);
    expect(save.busy).toBe(false);
    expect(save.error).toBeNull();
    expect(seen).toEqual(['K1']);
  });

  it('shows the message of a failure, resolves to false instead of rejecting, and clears the message on the next run', async () => {
    let fail = true;
    const save = new Action(async () => {
      if (fail) throw new Error('This round has closed; the answer was not saved.');
    });
    await expect(save.run()).resolves.toBe(false);
    expect(save.error).toBe('This round has closed; the answer was not saved.');
    expect(save.busy).toBe(false);
    fail = false;
    const again = save.run();
    expect(save.error).toBeNull();
    await expect(again).resolves.toBe(true);
    expect(save.error).toBeNull();
  });

  it('shows a thrown value that is not an Error as text, and clear() forgets it', async () => {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- what is under test: a rejection that is not an Error
    const save = new Action(() => Promise.reject('offline'));
    await save.run();
    expect(save.error).toBe('offline');
    save.clear();
    expect(save.error).toBeNull();
  });

  it('submit() keeps the browser from submitting the form and runs the operation', async () => {
    let runs = 0;
    const save = new Action(async () => {
      runs++;
    });
    let prevented = false;
    // Tests run in node, without DOM events: the handler only calls preventDefault.
    const event = {
      preventDefault: () => {
        prevented = true;
      },
    };
    save.submit(event as unknown as SubmitEvent);
    expect(prevented).toBe(true);
    expect(save.busy).toBe(true);
    await Promise.resolve();
    expect(runs).toBe(1);
  });
});

describe('Resource', () => {
  it('is null and not loading before the first load, and holds the value after it', async () => {
    const rounds = new Resource(async () => [1, 2]);
    expect(rounds.value).toBeNull();
    expect(rounds.loading).toBe(false);
    const loading = rounds.reload();
    expect(rounds.loading).toBe(true);
    await loading;
    expect(rounds.value).toEqual([1, 2]);
    expect(rounds.loading).toBe(false);
    expect(rounds.error).toBeNull();
  });

  it('keeps the last good value when a reload fails, and a later success clears the error', async () => {
    let answer: () => Promise<string> = async () => 'first';
    const summary = new Resource(() => answer());
    await summary.reload();
    answer = () => Promise.reject(new Error('Network down'));
    await expect(summary.reload()).resolves.toBeUndefined();
    expect(summary.value).toBe('first');
    expect(summary.error).toBe('Network down');
    answer = async () => 'second';
    await summary.reload();
    expect(summary.value).toBe('second');
    expect(summary.error).toBeNull();
  });

  it('keeps the latest load when an older, slower one answers last', async () => {
    const calls = [deferred<string>(), deferred<string>()];
    let n = 0;
    const log = new Resource(() => calls[n++].promise);
    const older = log.reload();
    const newer = log.reload();
    calls[1].resolve('filtered by round 2');
    await newer;
    expect(log.loading).toBe(false);
    calls[0].resolve('all rounds');
    await older;
    expect(log.value).toBe('filtered by round 2');
  });

  it('ignores the failure of a load that a newer one has replaced', async () => {
    const calls = [deferred<string>(), deferred<string>()];
    let n = 0;
    const log = new Resource(() => calls[n++].promise);
    const older = log.reload();
    const newer = log.reload();
    calls[1].resolve('fresh');
    await newer;
    calls[0].reject(new Error('stale failure'));
    await older;
    expect(log.error).toBeNull();
    expect(log.value).toBe('fresh');
  });

  it('lets the page put in a value it already has', async () => {
    const study = new Resource(async () => ({ title: 'from server' }));
    await study.reload();
    study.value = { title: 'saved' };
    expect(study.value).toEqual({ title: 'saved' });
  });

  it('follow() loads once at the start and again each time the followed value changes, not when the loader reads state', async () => {
    let version = $state(0);
    let filter = $state('all');
    const loads: string[] = [];
    const log = new Resource(async () => {
      loads.push(filter);
      return filter;
    });
    const stop = $effect.root(() => log.follow(() => version));
    flushSync();
    expect(loads).toEqual(['all']);
    filter = 'sent';
    flushSync();
    expect(loads).toEqual(['all']);
    version++;
    flushSync();
    expect(loads).toEqual(['all', 'sent']);
    stop();
    version++;
    flushSync();
    expect(loads).toEqual(['all', 'sent']);
    await log.reload();
    expect(log.value).toBe('sent');
  });
});
