/**
 * The two-instance part of the submit section on PostgreSQL: two server processes on one
 * database, each taking half of the 64 connections, as a hosted deployment scales out behind a
 * load balancer. It reports the combined save rate (to be compared with one instance's in the
 * same run) and checks that every acknowledged save is stored once: its idempotency key is in the
 * database, and the answers' revisions add up to the saves stored, so none was applied twice or
 * lost. That what one instance commits reaches the websockets of the other is proved by
 * test/pg/two-instances.test.ts (LISTEN/NOTIFY).
 *
 * On a 2-core machine the combined rate cannot show scaling out: the two servers, PostgreSQL and
 * the load generator (both autocannons run in this one process) share the same two cores, so a
 * second instance adds no CPU, only a second event loop and pool. The figure there only shows that
 * the second instance costs nothing (vsOneInstance about 1); the load is split fairly (32 of the 64
 * connections each) and each instance keeps the one-instance pool of 10, so the database sees at
 * most twice the connections. Measured at load 18-22 on such a machine: 1.58 and 1.05 in two runs,
 * 0.88 in an earlier one, which is the spread of the load, not a property of the service.
 */
import autocannon from 'autocannon';
import pg from 'pg';
import { seedLargeStudy } from './large-study';
import { startProcess } from './processes';

export interface TwoInstanceFigures {
  /** Saves per second of both instances together. */
  rps: number;
  /** The worse of the two instances' p99. */
  p99Ms: number;
  perInstanceRps: number[];
  acknowledged: number;
  stored: number;
}

export async function twoInstances(url: string, seconds: number, serverEnv: (url: string) => Record<string, string>): Promise<TwoInstanceFigures> {
  const study = await seedLargeStudy(url, { items: 50, panelists: 640, answerShare: 0, slug: 'two' });
  const servers = await Promise.all([0, 1].map(() => startProcess('api/cli.ts', ['serve'], serverEnv(url), '/api/health')));
  const acknowledged = new Set<string>();
  let n = 0;
  try {
    const runs = await Promise.all(
      servers.map((server) =>
        autocannon({
          url: server.base,
          connections: 32,
          duration: seconds,
          timeout: 30,
          requests: [
            {
              // One request at a time per connection: the context holds the key of the one in flight.
              setupRequest: (req, context: { key?: string }) => {
                const i = n++;
                context.key = `two-${i}-${Date.now()}`;
                return {
                  ...req,
                  method: 'PUT',
                  path: `/api/panelist/answers/${study.itemVersionIds[i % study.itemVersionIds.length]}`,
                  headers: {
                    'content-type': 'application/json',
                    cookie: study.panelistCookies[i % study.panelistCookies.length],
                    'idempotency-key': context.key,
                  },
                  body: JSON.stringify({ value: 1 + (i % 9), comment: null }),
                };
              },
              onResponse: (status, _body, context: { key?: string }) => {
                if (status === 200 && context.key) acknowledged.add(context.key);
              },
            },
          ],
        }),
      ),
    );
    for (const r of runs) if (r.non2xx > 0 || r.errors > 0) throw new Error(`${r.non2xx} non-2xx replies and ${r.errors} errors under load on two instances`);
    // The servers finish the saves still in flight when the load stops before they are counted.
    await Promise.all(servers.map((s) => s.stop()));
    const stored = await storedSaves(url, study.roundId, acknowledged);
    return {
      rps: runs.reduce((sum, r) => sum + r.requests.average, 0),
      p99Ms: Math.max(...runs.map((r) => r.latency.p99)),
      perInstanceRps: runs.map((r) => r.requests.average),
      acknowledged: acknowledged.size,
      stored,
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

/** The saves stored in the round; throws unless each acknowledged one is among them and each was applied once. */
async function storedSaves(url: string, roundId: number, acknowledged: Set<string>): Promise<number> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    // One statement, so both figures come from one snapshot: a save committed between two reads
    // would count in one and not the other.
    const [{ keys, revisions }] = (
      await db.query<{ keys: string[]; revisions: string }>(
        "select array(select key from idempotency_keys where key like 'two-%') as keys, " +
          '(select coalesce(sum(revision), 0) from responses where round_id = $1) as revisions',
        [roundId],
      )
    ).rows;
    const stored = new Set(keys);
    const missing = [...acknowledged].filter((k) => !stored.has(k));
    if (missing.length > 0) throw new Error(`${missing.length} acknowledged saves are not stored, e.g. ${missing[0]}`);
    if (Number(revisions) !== keys.length) throw new Error(`${keys.length} saves stored, but the answers' revisions add up to ${revisions}`);
    return keys.length;
  } finally {
    await db.end();
  }
}
