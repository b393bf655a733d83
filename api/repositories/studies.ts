import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { first, one, type Db } from '../../db/client';
import { MAX_ID } from '../schemas/common';
import type { categories, items, itemVersions, studies } from '../../db/schema';

export type StudyRow = typeof studies.$inferSelect;
export type CategoryRow = typeof categories.$inferSelect;
export type ItemRow = typeof items.$inferSelect;
export type ItemVersionRow = typeof itemVersions.$inferSelect;

/** A study by its number, or by its slug (slugs always contain a letter, so the two never clash). */
export async function findStudyByRef(db: Db, ref: string): Promise<StudyRow | undefined> {
  const { studies } = db.t;
  if (/^\d+$/.test(ref)) return Number(ref) <= MAX_ID ? await findStudy(db, Number(ref)) : undefined;
  return first(await db.orm.select().from(studies).where(eq(studies.slug, ref)));
}

export async function findStudy(db: Db, id: number): Promise<StudyRow | undefined> {
  return first(
    await db.prepared('findStudy', (d) =>
      d.orm
        .select()
        .from(d.t.studies)
        .where(eq(d.t.studies.id, sql.placeholder('id'))),
    )({ id }),
  );
}

export async function slugExists(db: Db, slug: string): Promise<boolean> {
  const { studies } = db.t;
  return (await db.orm.select({ id: studies.id }).from(studies).where(eq(studies.slug, slug))).length > 0;
}

export async function listStudiesForFacilitator(db: Db, facilitatorId: number) {
  const { studies, studyMembers } = db.t;
  return await db.orm
    .select({ study: studies, role: studyMembers.role })
    .from(studyMembers)
    .innerJoin(studies, eq(studyMembers.studyId, studies.id))
    .where(eq(studyMembers.facilitatorId, facilitatorId))
    .orderBy(asc(studies.id));
}

export async function listAllStudies(db: Db) {
  const { studies } = db.t;
  return await db.orm.select().from(studies).orderBy(asc(studies.id));
}

export async function insertStudy(db: Db, row: typeof studies.$inferInsert): Promise<StudyRow> {
  const { studies } = db.t;
  return one(await db.orm.insert(studies).values(row).returning());
}

export async function updateStudy(db: Db, id: number, patch: Partial<typeof studies.$inferInsert>): Promise<StudyRow> {
  const { studies } = db.t;
  return one(await db.orm.update(studies).set(patch).where(eq(studies.id, id)).returning());
}

export async function listCategories(db: Db, studyId: number): Promise<CategoryRow[]> {
  const { categories } = db.t;
  return await db.orm.select().from(categories).where(eq(categories.studyId, studyId)).orderBy(asc(categories.position), asc(categories.id));
}

export async function insertCategory(db: Db, row: typeof categories.$inferInsert): Promise<CategoryRow> {
  const { categories } = db.t;
  return one(await db.orm.insert(categories).values(row).returning());
}

export async function insertItem(db: Db, row: typeof items.$inferInsert): Promise<ItemRow> {
  const { items } = db.t;
  return one(await db.orm.insert(items).values(row).returning());
}

export async function updateItem(db: Db, id: number, patch: Partial<typeof items.$inferInsert>): Promise<void> {
  const { items } = db.t;
  await db.orm.update(items).set(patch).where(eq(items.id, id));
}

export async function insertItemVersion(db: Db, row: typeof itemVersions.$inferInsert): Promise<ItemVersionRow> {
  const { itemVersions } = db.t;
  return one(await db.orm.insert(itemVersions).values(row).returning());
}

export async function updateItemVersionTexts(db: Db, id: number, texts: Record<string, string>): Promise<void> {
  const { itemVersions } = db.t;
  await db.orm.update(itemVersions).set({ texts }).where(eq(itemVersions.id, id));
}

export async function findItem(db: Db, studyId: number, itemId: number): Promise<ItemRow | undefined> {
  const { items } = db.t;
  const row = first(await db.orm.select().from(items).where(eq(items.id, itemId)));
  return row && row.studyId === studyId ? row : undefined;
}

/** Every item of a study with every version, by item position then version. */
export async function listItemsWithVersions(db: Db, studyId: number) {
  const { items, itemVersions } = db.t;
  return await db.orm
    .select({ item: items, version: itemVersions })
    .from(items)
    .innerJoin(itemVersions, eq(itemVersions.itemId, items.id))
    .where(eq(items.studyId, studyId))
    .orderBy(asc(items.position), asc(items.id), asc(itemVersions.version));
}

/** Every item of a study with its latest version. */
export async function listItemsWithLatestVersion(db: Db, studyId: number) {
  const latest = new Map<number, { item: ItemRow; version: ItemVersionRow }>();
  for (const r of await listItemsWithVersions(db, studyId)) latest.set(r.item.id, r);
  return [...latest.values()];
}

export async function findVersions(db: Db, ids: number[]): Promise<ItemVersionRow[]> {
  const { itemVersions } = db.t;
  if (ids.length === 0) return [];
  return await db.orm.select().from(itemVersions).where(inArray(itemVersions.id, ids)).orderBy(asc(itemVersions.id));
}

export async function updateCategoryNames(db: Db, studyId: number, code: string, names: Record<string, string>): Promise<void> {
  const { categories } = db.t;
  await db.orm
    .update(categories)
    .set({ names })
    .where(and(eq(categories.studyId, studyId), eq(categories.code, code)));
}
