/**
 * The floor of the stack: a bare Fastify route that does one better-sqlite3 insert per request,
 * with the same pragmas as the service (WAL, synchronous=FULL). Started by the benchmark.
 */
import Fastify from 'fastify';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

const file = process.env.FLOOR_DB!;
mkdirSync(dirname(file), { recursive: true });
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
db.exec('create table if not exists answers (id integer primary key, k text not null, v integer)');
const insert = db.prepare('insert into answers (k, v) values (?, ?)');

const app = Fastify();
app.get('/health', async () => ({ ok: true }));
app.put('/floor/:k', async (request) => {
  const { value } = request.body as { value: number };
  insert.run((request.params as { k: string }).k, value);
  return { ok: true };
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.once('SIGINT', () => app.close().then(() => process.exit(0)));
