import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { prepared } from '../../db/prepared';
import type { Db } from '../../db/client';
import { categories, items, itemVersions, studies, studyMembers } from '../../db/schema';

export type StudyRow = typeof studies.$inferSelect;
export type CategoryRow = typeof categories.$inferSelect;
export type ItemRow = typeof items.$inferSelect;
export type ItemVersionRow = typeof itemVersions.$inferSelect;

/** A study by its number, or by its slug (slugs always contain a letter, so the two never clash). */
export function findStudyByRef(db: Db, ref: string): StudyRow | undefined {
  if (/^\d+$/.test(ref)) return findStudy(db, Number(ref));
  return db.select().from(studies).where(eq(studies.slug, ref)).get();
}

export function findStudy(db: Db, id: number): StudyRow | undefined {
  return prepared(db, 'findStudy', () => db.select().from(studies).where(eq(studies.id, sql.placeholder('id'))).prepare()).get({ id });
}

export function slugExists(db: Db, slug: string): boolean {
  return db.select({ id: studies.id }).from(studies).where(eq(studies.slug, slug)).get() !== undefined;
}

export function listStudiesForFacilitator(db: Db, facilitatorId: number) {
  return db
    .select({ study: studies, role: studyMembers.role })
    .from(studyMembers)
    .innerJoin(studies, eq(studyMembers.studyId, studies.id))
    .where(eq(studyMembers.facilitatorId, facilitatorId))
    .orderBy(asc(studies.id))
    .all();
}

export function listAllStudies(db: Db) {
  return db.select().from(studies).orderBy(asc(studies.id)).all();
}

export function insertStudy(db: Db, row: typeof studies.$inferInsert): StudyRow {
  return db.insert(studies).values(row).returning().get();
}

export function updateStudy(db: Db, id: number, patch: Partial<typeof studies.$inferInsert>): StudyRow {
  return db.update(studies).set(patch).where(eq(studies.id, id)).returning().get();
}

export function listCategories(db: Db, studyId: number): CategoryRow[] {
  return db.select().from(categories).where(eq(categories.studyId, studyId)).orderBy(asc(categories.position), asc(categories.id)).all();
}

export function insertCategory(db: Db, row: typeof categories.$inferInsert): CategoryRow {
  return db.insert(categories).values(row).returning().get();
}

export function insertItem(db: Db, row: typeof items.$inferInsert): ItemRow {
  return db.insert(items).values(row).returning().get();
}

export function updateItem(db: Db, id: number, patch: Partial<typeof items.$inferInsert>): void {
  db.update(items).set(patch).where(eq(items.id, id)).run();
}

export function insertItemVersion(db: Db, row: typeof itemVersions.$inferInsert): ItemVersionRow {
  return db.insert(itemVersions).values(row).returning().get();
}

export function updateItemVersionTexts(db: Db, id: number, texts: Record<string, string>): void {
  db.update(itemVersions).set({ texts }).where(eq(itemVersions.id, id)).run();
}

export function findItem(db: Db, studyId: number, itemId: number): ItemRow | undefined {
  const row = db.select().from(items).where(eq(items.id, itemId)).get();
  return row && row.studyId === studyId ? row : undefined;
}

/** Every item of a study with every version, by item position then version. */
export function listItemsWithVersions(db: Db, studyId: number) {
  return db
    .select({ item: items, version: itemVersions })
    .from(items)
    .innerJoin(itemVersions, eq(itemVersions.itemId, items.id))
    .where(eq(items.studyId, studyId))
    .orderBy(asc(items.position), asc(items.id), asc(itemVersions.version))
    .all();
}

/** Every item of a study with its latest version. */
export function listItemsWithLatestVersion(db: Db, studyId: number) {
  const latest = new Map<number, { item: ItemRow; version: ItemVersionRow }>();
  for (const r of listItemsWithVersions(db, studyId)) latest.set(r.item.id, r);
  return [...latest.values()];
}

export function findVersions(db: Db, ids: number[]): ItemVersionRow[] {
  if (ids.length === 0) return [];
  return db.select().from(itemVersions).where(inArray(itemVersions.id, ids)).all();
}

export function updateCategoryNames(db: Db, studyId: number, code: string, names: Record<string, string>): void {
  db.update(categories).set({ names }).where(and(eq(categories.studyId, studyId), eq(categories.code, code))).run();
}
