/**
 * The PostgreSQL server the benchmark measures against: BENCH_DATABASE_URL when it is set, else a
 * throwaway cluster from .ci/postgres.sh (fsync on, as in production), else none, with the reason.
 * Every run gets a database of its own, because a server process can only be pointed at a
 * database (DATABASE_URL), not at a schema in one.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { errorMessage } from '../../api/error-message';

export interface BenchPostgres {
  /** Where the server came from, for the report. */
  source: 'BENCH_DATABASE_URL' | 'throwaway cluster';
  version: string;
  /** The durability settings the figures depend on, e.g. `fsync on, synchronous_commit on`. */
  settings: string;
  /** Creates an empty database and returns its URL. */
  freshDatabase(label: string): Promise<string>;
  /** Drops the databases made here (BENCH_DATABASE_URL) or stops and removes the cluster. */
  stop(): Promise<void>;
}

async function query<R extends pg.QueryResultRow>(url: string, text: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}

/**
 * What autovacuum does to a real round's answers while they come in over days: sets the rows'
 * hint bits and visibility and gathers statistics. A benchmark that inserts a whole round and
 * closes it a second later would otherwise also time that first pass over 190,000 fresh rows,
 * which no real close pays (autovacuum runs on inserts since PostgreSQL 13).
 */
export async function settled(url: string): Promise<void> {
  await query(url, 'vacuum (analyze)');
  // And the seed's writes on disk, as they would be long before a real close, so that the close
  // does not share the disk with them. CHECKPOINT needs pg_checkpoint or a superuser; without
  // either, the checkpointer gets to it in its own time.
  await query(url, 'checkpoint').catch((error: unknown) => {
    if ((error as { code?: string }).code !== '42501') throw error;
  });
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.href;
}

async function connect(adminUrl: string, source: BenchPostgres['source'], stopServer: () => void): Promise<BenchPostgres> {
  const [server] = await query<{ version: string; fsync: string; commit: string }>(
    adminUrl,
    "select current_setting('server_version') as version, current_setting('fsync') as fsync, current_setting('synchronous_commit') as commit",
  );
  const made: string[] = [];
  return {
    source,
    version: `PostgreSQL ${server.version}`,
    settings: `fsync ${server.fsync}, synchronous_commit ${server.commit}`,
    async freshDatabase(label) {
      const name = `bench_${label}_${randomBytes(4).toString('hex')}`;
      await query(adminUrl, `create database ${name}`);
      made.push(name);
      return withDatabase(adminUrl, name);
    },
    async stop() {
      if (source === 'BENCH_DATABASE_URL') {
        for (const name of made.splice(0)) await query(adminUrl, `drop database if exists ${name} with (force)`);
      }
      stopServer();
    },
  };
}

/** The server to measure, or the reason there is none. */
export async function benchPostgres(): Promise<BenchPostgres | { skipped: string }> {
  const given = process.env.BENCH_DATABASE_URL;
  if (given) {
    if (!/^postgres(ql)?:\/\//.test(given)) return { skipped: 'BENCH_DATABASE_URL is not a postgres:// URL' };
    try {
      return await connect(given, 'BENCH_DATABASE_URL', () => undefined);
    } catch (error) {
      return { skipped: `BENCH_DATABASE_URL did not answer (${errorMessage(error)})` };
    }
  }
  // Without --fast: the figures must include waiting for the fsync of each commit.
  const started = spawnSync('.ci/postgres.sh', ['start'], { encoding: 'utf8' });
  if (started.status !== 0) {
    const why = (started.stderr ?? '').trim().split('\n').pop() || (started.error?.message ?? `exit status ${started.status}`);
    return { skipped: `no BENCH_DATABASE_URL, and no throwaway cluster: ${why.replace(/^postgres\.sh: /, '')}` };
  }
  const exported = Object.fromEntries([...started.stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
  const dir = exported.PG_THROWAWAY_DIR;
  if (!dir || !exported.TEST_DATABASE_URL) return { skipped: `.ci/postgres.sh start printed no cluster: ${started.stdout.trim()}` };
  let running = true;
  const stopCluster = () => {
    if (!running) return;
    running = false;
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    spawnSync('.ci/postgres.sh', ['stop', dir], { stdio: 'ignore' });
  };
  // pg_ctl detaches the server from this process group: an interrupted benchmark stops it here.
  const interrupted = (signal: NodeJS.Signals) => {
    stopCluster();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    return await connect(exported.TEST_DATABASE_URL, 'throwaway cluster', stopCluster);
  } catch (error) {
    stopCluster();
    return { skipped: `the throwaway cluster did not answer (${errorMessage(error)})` };
  }
}
