/**
 * The floor of the stack on PostgreSQL: a bare Fastify route that does one `INSERT … RETURNING`
 * per request through a `pg` pool as large as the service's (DATABASE_POOL_SIZE, default 10), on
 * the database FLOOR_DATABASE_URL names. Started by the benchmark beside the SQLite floor.
 */
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.FLOOR_DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
pool.on('error', () => undefined);
await pool.query('create table if not exists answers (id bigserial primary key, k text not null, v integer)');
const insert = { name: 'floor_insert', text: 'insert into answers (k, v) values ($1, $2) returning id' };

const app = Fastify();
app.get('/health', async () => ({ ok: true }));
app.put('/floor/:k', async (request) => {
  const { value } = request.body as { value: number };
  const { rows } = await pool.query<{ id: string }>({ ...insert, values: [(request.params as { k: string }).k, value] });
  return { ok: true, id: Number(rows[0].id) };
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.once('SIGINT', () =>
  app
    .close()
    .then(() => pool.end())
    .then(() => process.exit(0)),
);
