import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { isUniqueViolation, type Db } from '../../db/client';
import { appendAudit } from '../../api/repositories/audit';
import { freshDatabase } from '../helpers/build';

/**
 * The database seam the services rely on, on whichever backend the suite runs (SQLite by
 * default, PostgreSQL under `npm run test:pg`).
 */
let db: Db;
beforeEach(async () => {
  db = await freshDatabase();
});
afterEach(() => db.close());

const actions = async () => (await db.orm.select({ action: db.t.auditLog.action }).from(db.t.auditLog)).map((r) => r.action).sort();
const entry = (action: string) => ({ studyId: null, facilitatorId: null, action });

describe(`the database seam`, () => {
  it('refuses a write outside a transaction, before anything is stored', async () => {
    expect(() => db.orm.insert(db.t.auditLog)).toThrow(/outside a transaction/);
    expect(() => db.orm.update(db.t.auditLog)).toThrow(/outside a transaction/);
    expect(() => db.orm.delete(db.t.auditLog)).toThrow(/outside a transaction/);
    expect(await actions()).toEqual([]);
  });

  it('commits a transaction whole, or nothing of it when it throws', async () => {
    await db.transaction(async (tx) => {
      await appendAudit(tx, entry('kept.1'));
      await appendAudit(tx, entry('kept.2'));
    });
    await expect(
      db.transaction(async (tx) => {
        await appendAudit(tx, entry('lost'));
        throw new Error('refused halfway');
      }),
    ).rejects.toThrow('refused halfway');
    expect(await actions()).toEqual(['kept.1', 'kept.2']);
  });

  it('rolls a nested transaction back alone', async () => {
    await db.transaction(async (tx) => {
      await appendAudit(tx, entry('outer'));
      await expect(
        tx.transaction(async (inner) => {
          await appendAudit(inner, entry('inner'));
          throw new Error('inner refused');
        }),
      ).rejects.toThrow('inner refused');
    });
    expect(await actions()).toEqual(['outer']);
  });

  it('acknowledges each write of a group on its own: one failing write loses nothing of the others', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        db.write(async (tx) => {
          await appendAudit(tx, entry(`save.${String(i).padStart(2, '0')}`));
          if (i % 5 === 3) throw new Error(`save ${i} refused`);
          return i;
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(4);
    expect(await actions()).toEqual(
      Array.from({ length: 20 }, (_, i) => i)
        .filter((i) => i % 5 !== 3)
        .map((i) => `save.${String(i).padStart(2, '0')}`),
    );
  });

  it('serialises transactions that lock the same row, so read-then-write does not lose updates', async () => {
    const [study] = await db.transaction((tx) =>
      tx.orm
        .insert(tx.t.studies)
        .values({ slug: 'counter', title: 'Counter', languages: ['en'], attributes: [], scale: {} as never, protocol: {} as never, timeNeededMinutes: 0 })
        .returning(),
    );
    await Promise.all(
      Array.from({ length: 12 }, () =>
        db.transaction(async (tx) => {
          await tx.lock('studies', study.id);
          const [row] = await tx.orm.select().from(tx.t.studies).where(eq(tx.t.studies.id, study.id));
          await tx.orm
            .update(tx.t.studies)
            .set({ timeNeededMinutes: row.timeNeededMinutes + 1 })
            .where(eq(tx.t.studies.id, study.id));
        }),
      ),
    );
    const [after] = await db.orm.select().from(db.t.studies).where(eq(db.t.studies.id, study.id));
    expect(after.timeNeededMinutes).toBe(12);
  });

  it('reports a unique-key clash as one the API can answer with 409', async () => {
    const make = () => db.transaction((tx) => tx.orm.insert(tx.t.facilitators).values({ email: 'same@example.org', passwordHash: 'x' }));
    await make();
    const clash = await make().then(
      () => null,
      (e: unknown) => e,
    );
    expect(isUniqueViolation(clash)).toBe(true);
    expect(isUniqueViolation(new Error('something else'))).toBe(false);
  });

  it('returns counts as numbers from plain SQL', async () => {
    await db.transaction((tx) => appendAudit(tx, entry('counted')));
    expect(await db.raw('select count(*) as n from audit_log where action = ?', ['counted'])).toEqual([{ n: 1 }]);
  });
  it('reads value rows in column order, with booleans as 0/1, nulls and any text intact, inside a transaction or not', async () => {
    const people = [
      { email: 'a@example.org', name: 'Zoë "quoted", \\ back\nline', passwordHash: 'x', isAdmin: true, language: null },
      { email: 'b@example.org', name: '', passwordHash: 'y', isAdmin: false, language: 'fr' },
    ];
    await db.transaction((tx) => tx.orm.insert(tx.t.facilitators).values(people));
    const { facilitators } = db.t;
    const read = (on: Db, after: number) =>
      on.preparedValues<[string, string, number, string | null]>('seamValues', (d) =>
        d.orm
          .select({ email: facilitators.email, name: facilitators.name, isAdmin: facilitators.isAdmin, language: facilitators.language })
          .from(facilitators)
          .where(sql`${facilitators.id} > ${sql.placeholder('after')}`)
          .orderBy(asc(facilitators.id)),
      )({ after });
    const expected = people.map((p) => [p.email, p.name, Number(p.isAdmin), p.language]);
    expect(await read(db, 0)).toEqual(expected);
    expect(await db.transaction((tx) => read(tx, 0))).toEqual(expected);
    expect(await read(db, 1_000_000)).toEqual([]);
  });
});
