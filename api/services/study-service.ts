import type { Db } from '../../db/client';
import { errors, type Problem } from '../errors';
import { ProtocolSchema } from '../schemas/protocol';
import type { CreateItem, CreateStudy, UpdateStudy } from '../schemas/study';
import { toItem } from '../schemas/study-wire';
import { criteriaPresetProtocol, defaultProtocol, validateProtocol, type Protocol } from '../stats';
import { appendAudit } from '../repositories/audit';
import { listRounds } from '../repositories/rounds';
import { upsertMember } from '../repositories/facilitators';
import {
  findItem,
  insertCategory,
  findStudy,
  insertItem,
  insertItemVersion,
  insertStudy,
  listCategories,
  listItemsWithLatestVersion,
  slugExists,
  updateItem,
  updateItemVersionTexts,
  updateStudy,
  type StudyRow,
} from '../repositories/studies';
import { checkCriteria, criterionSpecs } from './criteria';
import { parseCsv, requireColumns } from './csv';
import type { StudyCriterion } from '../contract/study';

export interface StudyScale {
  min: number;
  max: number;
  cannotJudge: boolean;
  labels: Record<string, Record<string, string>>;
}
export interface StudyAttribute {
  name: string;
  label: string;
  values: string[];
}

function slugify(title: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  // A slug always has a letter, so it can never be mistaken for a study number.
  return base.length >= 2 && /[a-z]/.test(base) ? base : `study-${base}`.replace(/-$/, '');
}

async function uniqueSlug(db: Db, wanted: string): Promise<string> {
  if (!(await slugExists(db, wanted))) return wanted;
  for (let i = 2; ; i++) if (!(await slugExists(db, `${wanted}-${i}`))) return `${wanted}-${i}`;
}

/** Parses and checks a protocol against the study's scale, attributes and criteria; throws the one 400 listing every problem. */
export function checkProtocol(
  raw: unknown,
  scale: { min: number; max: number },
  attributes: StudyAttribute[],
  criteria: readonly StudyCriterion[] = [],
): Protocol {
  const parsed = ProtocolSchema.safeParse(raw);
  if (!parsed.success) {
    throw errors.protocolInvalid(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  const protocol: Protocol = parsed.data;
  const verdict = validateProtocol(
    protocol,
    scale,
    attributes.map((a) => a.name),
    criterionSpecs(criteria),
  );
  if (!verdict.ok) throw errors.protocolInvalid(verdict.problems);
  return protocol;
}

function checkLanguagesAndAttributes(input: { languages?: string[]; attributes?: StudyAttribute[] }): void {
  const problems: Problem[] = [];
  if (input.languages && new Set(input.languages).size !== input.languages.length) {
    problems.push({ path: 'languages', message: 'A language is listed twice.' });
  }
  const names = new Set<string>();
  for (const [i, a] of (input.attributes ?? []).entries()) {
    if (names.has(a.name)) problems.push({ path: `attributes.${i}.name`, message: `The attribute "${a.name}" is listed twice.` });
    names.add(a.name);
    if (new Set(a.values).size !== a.values.length) problems.push({ path: `attributes.${i}.values`, message: 'A value is listed twice.' });
  }
  if (problems.length > 0) throw errors.validation(problems[0].message, problems);
}

/** A criteria preset's rules for these criteria, or the 400 saying why it does not fit them. */
function presetForCriteria(name: string, scale: StudyScale, criteria: readonly StudyCriterion[]): Protocol {
  // Without named criteria every preset comes down to the study's default rule.
  if (criteria.length === 0) return defaultProtocol(scale);
  try {
    return criteriaPresetProtocol(name, scale, criterionSpecs(criteria) ?? []);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw errors.validation(`The preset ${name} does not fit these criteria: ${e.message}.`, [{ path: 'protocolPreset', message: e.message }]);
  }
}

/** The protocol a study gets when its facilitator gives none: the §0 default, per criterion when it names several. */
function protocolFor(scale: StudyScale, criteria: readonly StudyCriterion[]): Protocol {
  return criteria.length > 1 ? criteriaPresetProtocol('criteria_default', scale, criterionSpecs(criteria) ?? []) : defaultProtocol(scale);
}

export async function createStudy(
  db: Db,
  input: Omit<CreateStudy, 'criteria'> & Partial<Pick<CreateStudy, 'criteria'>>,
  facilitatorId: number,
): Promise<StudyRow> {
  checkLanguagesAndAttributes(input);
  const criteria = checkCriteria(input.criteria ?? [], input.languages);
  // Named criteria carry their own scales; the study's follows the first, which single-scale views show.
  const scale = criteria.length > 0 ? criteria[0].scale : input.scale;
  const protocol = checkProtocol(input.protocol ?? protocolFor(scale, criteria), scale, input.attributes, criteria);
  return db.transaction(async (tx) => {
    if (input.slug && (await slugExists(tx, input.slug))) throw errors.conflict('SLUG_TAKEN', `The address "${input.slug}" is taken.`);
    const study = await insertStudy(tx, {
      slug: input.slug ?? (await uniqueSlug(tx, slugify(input.title))),
      title: input.title,
      aim: input.aim,
      languages: input.languages,
      attributes: input.attributes,
      scale,
      criteria,
      protocol,
      anonymity: input.anonymity,
      minGroupSize: input.minGroupSize,
      withdrawalPolicy: input.withdrawalPolicy,
      timeNeededMinutes: input.timeNeededMinutes,
      timeZone: input.timeZone,
      reporting: input.reporting ?? {},
    });
    await upsertMember(tx, study.id, facilitatorId, 'owner');
    await appendAudit(tx, { studyId: study.id, facilitatorId, action: 'study.create', details: { title: study.title, slug: study.slug } });
    return study;
  });
}

/**
 * Locks the study row until the transaction ends and reads it as it is now: writes to one study
 * then happen one at a time (on SQLite they always do; on PostgreSQL this is what serialises them).
 */
export async function lockStudy(tx: Db, studyId: number): Promise<StudyRow> {
  await tx.lock('studies', studyId);
  const study = await findStudy(tx, studyId);
  if (!study) throw errors.notFound('Study');
  return study;
}

/**
 * Edits a study. Once round 1 has opened, what the locked protocol and the panel rely on cannot
 * change (scale, attributes, withdrawal policy), and anonymity can only be tightened.
 */
export async function editStudy(db: Db, study: StudyRow, patch: UpdateStudy, facilitatorId: number, nowIso: string): Promise<StudyRow> {
  checkLanguagesAndAttributes(patch);
  const locked = study.protocolLockedAt !== null;
  if (locked) {
    if (patch.scale || patch.attributes || patch.withdrawalPolicy) {
      throw errors.conflict('STUDY_LOCKED', 'The scale, panel attributes and withdrawal policy cannot change after round 1 opened.');
    }
    if (patch.criteria || patch.protocol) throw errors.protocolLocked();
    if (patch.anonymity === 'quasi' && study.anonymity === 'strict') {
      throw errors.conflict('ANONYMITY_LOOSENED', 'Anonymity can be tightened but never loosened after round 1 opened.');
    }
    if (patch.minGroupSize !== undefined && patch.minGroupSize < study.minGroupSize) {
      throw errors.conflict('ANONYMITY_LOOSENED', 'The minimum group size can be raised but never lowered after round 1 opened.');
    }
  }
  if ((patch.protocol || patch.protocolPreset) && !patch.criteria) {
    throw errors.validation('Send a protocol here only with the criteria it reads; otherwise use the protocol route.', [
      { path: patch.protocol ? 'protocol' : 'protocolPreset', message: 'only with criteria' },
    ]);
  }
  if (patch.protocol && patch.protocolPreset) {
    throw errors.validation('Send a protocol or a preset, not both.', [{ path: 'protocolPreset', message: 'not with protocol' }]);
  }
  const criteria = patch.criteria ? checkCriteria(patch.criteria, patch.languages ?? study.languages) : study.criteria;
  const scale = patch.criteria && criteria.length > 0 ? criteria[0].scale : (patch.scale ?? study.scale);
  let protocol: Protocol | undefined;
  if (patch.criteria || patch.attributes || patch.scale) {
    const proposed = patch.protocolPreset ? presetForCriteria(patch.protocolPreset, scale, criteria) : (patch.protocol ?? study.protocol);
    protocol = checkProtocol(proposed, scale, patch.attributes ?? study.attributes, criteria);
  }
  return db.transaction(async (tx) => {
    // Round 1 may have opened (and locked the protocol) since the study was read.
    if (patch.criteria && (await lockStudy(tx, study.id)).protocolLockedAt !== null) throw errors.protocolLocked();
    await tx.lock('studies', study.id);
    const { criteria: _criteria, protocol: _protocol, protocolPreset: _preset, ...rest } = patch;
    const changes = patch.criteria ? { ...rest, criteria, scale, ...(patch.protocol || patch.protocolPreset ? { protocol } : {}) } : rest;
    const row = await updateStudy(tx, study.id, { ...changes, updatedAt: nowIso });
    await appendAudit(tx, { studyId: study.id, facilitatorId, action: 'study.update', details: { changed: Object.keys(patch) } });
    return row;
  });
}

export async function setProtocol(db: Db, study: StudyRow, raw: unknown, facilitatorId: number, nowIso: string): Promise<StudyRow> {
  if (study.protocolLockedAt !== null) throw errors.protocolLocked();
  const protocol = checkProtocol(raw, study.scale, study.attributes);
  return db.transaction(async (tx) => {
    // Round 1 may have opened (and locked the protocol) since the study was read.
    if ((await lockStudy(tx, study.id)).protocolLockedAt !== null) throw errors.protocolLocked();
    const row = await updateStudy(tx, study.id, { protocol, updatedAt: nowIso });
    await appendAudit(tx, { studyId: study.id, facilitatorId, action: 'protocol.update', details: { old: study.protocol, new: protocol } });
    return row;
  });
}

export async function addCategory(db: Db, study: StudyRow, input: { code: string; names: Record<string, string>; position?: number }, facilitatorId: number) {
  if ((await listCategories(db, study.id)).some((c) => c.code === input.code)) {
    throw errors.conflict('CATEGORY_EXISTS', `A category with the code ${input.code} exists already.`);
  }
  return db.transaction(async (tx) => {
    await tx.lock('studies', study.id);
    const row = await insertCategory(tx, {
      studyId: study.id,
      code: input.code,
      names: input.names,
      position: input.position ?? (await listCategories(tx, study.id)).length,
    });
    await appendAudit(tx, { studyId: study.id, facilitatorId, action: 'category.create', details: { code: row.code } });
    return row;
  });
}

function checkTexts(study: StudyRow, texts: Record<string, string>, problems: Problem[], at: Omit<Problem, 'message'>) {
  const languages = study.languages;
  for (const lang of Object.keys(texts)) {
    if (!languages.includes(lang)) problems.push({ ...at, message: `"${lang}" is not one of the study's languages (${languages.join(', ')}).` });
  }
  if (!texts[languages[0]]) problems.push({ ...at, message: `A text in the study's first language (${languages[0]}) is required.` });
}

export async function addItem(db: Db, study: StudyRow, input: CreateItem, facilitatorId: number) {
  const problems: Problem[] = [];
  checkTexts(study, input.texts, problems, { path: 'texts' });
  if (input.categoryId !== null && !(await listCategories(db, study.id)).some((c) => c.id === input.categoryId)) {
    problems.push({ path: 'categoryId', message: 'That category does not belong to this study.' });
  }
  if (problems.length > 0) throw errors.validation(problems[0].message, problems);
  if ((await listItemsWithLatestVersion(db, study.id)).some((r) => r.item.code === input.code)) {
    throw errors.conflict('ITEM_EXISTS', `An item with the code ${input.code} exists already.`);
  }
  return db.transaction(async (tx) => {
    await tx.lock('studies', study.id);
    const position = input.position ?? (await listItemsWithLatestVersion(tx, study.id)).length;
    const item = await insertItem(tx, { studyId: study.id, categoryId: input.categoryId, code: input.code, position });
    const version = await insertItemVersion(tx, { itemId: item.id, version: 1, texts: input.texts });
    await appendAudit(tx, { studyId: study.id, facilitatorId, action: 'item.create', details: { itemId: item.id, code: item.code } });
    return toItem(item, version);
  });
}

/**
 * Edits an item in place while it has never been presented; after that the wording is part of
 * the record, and a change is a new version decided when planning the next round.
 */
export async function editItem(
  db: Db,
  study: StudyRow,
  itemId: number,
  patch: { categoryId?: number | null; texts?: Record<string, string>; position?: number },
  facilitatorId: number,
) {
  const item = await findItem(db, study.id, itemId);
  if (!item) throw errors.notFound('Item');
  const problems: Problem[] = [];
  if (patch.texts) checkTexts(study, patch.texts, problems, { path: 'texts' });
  if (patch.categoryId != null && !(await listCategories(db, study.id)).some((c) => c.id === patch.categoryId)) {
    problems.push({ path: 'categoryId', message: 'That category does not belong to this study.' });
  }
  if (problems.length > 0) throw errors.validation(problems[0].message, problems);
  if (patch.texts && item.addedInRound !== null) {
    throw errors.conflict('ITEM_PRESENTED', 'This item has been presented to the panel; reword it when you plan the next round.');
  }
  return db.transaction(async (tx) => {
    await tx.lock('studies', study.id);
    await updateItem(tx, item.id, { categoryId: patch.categoryId, position: patch.position });
    const latest = (await listItemsWithLatestVersion(tx, study.id)).find((r) => r.item.id === item.id)!;
    if (patch.texts) await updateItemVersionTexts(tx, latest.version.id, patch.texts);
    await appendAudit(tx, { studyId: study.id, facilitatorId, action: 'item.update', details: { itemId, changed: Object.keys(patch) } });
    return toItem(latest.item, patch.texts ? { ...latest.version, texts: patch.texts } : latest.version);
  });
}

/**
 * Imports items from CSV with the columns code, category (optional) and text_<language> for each
 * language. All or nothing: any problem imports nothing and every problem is reported with its
 * line and column. A category code the study does not have is a problem of its line, unless the
 * caller confirmed with createCategories that such codes create their category.
 */
export async function importItems(db: Db, study: StudyRow, csv: string, facilitatorId: number, options: { createCategories?: boolean } = {}) {
  const table = parseCsv(csv);
  const problems = [...table.problems];
  const first = study.languages[0];
  requireColumns(table, ['code', `text_${first}`], problems);
  for (const h of new Set(table.header)) {
    const known = h === 'code' || h === 'category' || (h.startsWith('text_') && study.languages.includes(h.slice(5)));
    if (h && !known)
      problems.push({
        line: 1,
        column: h,
        message: `Unknown column "${h}". Use code, category and text_<language> (${study.languages.map((l) => `text_${l}`).join(', ')}).`,
      });
  }
  const existing = new Set((await listItemsWithLatestVersion(db, study.id)).map((r) => r.item.code));
  const knownCategories = new Set((await listCategories(db, study.id)).map((c) => c.code));
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const code = row.values.code ?? '';
    if (!/^[A-Za-z0-9_.-]{1,40}$/.test(code))
      problems.push({ line: row.line, column: 'code', message: 'The code must be 1-40 letters, digits, dot, dash or underscore.' });
    else if (existing.has(code)) problems.push({ line: row.line, column: 'code', message: `An item with the code ${code} exists already.` });
    else if (seen.has(code)) problems.push({ line: row.line, column: 'code', message: `The code ${code} is also used on line ${seen.get(code)}.` });
    seen.set(code, row.line);
    if (!row.values[`text_${first}`]) problems.push({ line: row.line, column: `text_${first}`, message: `A text in ${first} is required.` });
    for (const lang of study.languages) {
      const t = row.values[`text_${lang}`];
      if (t !== undefined && t.length > 2000) problems.push({ line: row.line, column: `text_${lang}`, message: 'The text is longer than 2000 characters.' });
    }
    const cat = row.values.category;
    if (cat && !/^[A-Za-z0-9_.-]{1,40}$/.test(cat))
      problems.push({ line: row.line, column: 'category', message: 'The category code must be 1-40 letters, digits, dot, dash or underscore.' });
    else if (cat && !knownCategories.has(cat) && !options.createCategories) {
      problems.push({
        line: row.line,
        column: 'category',
        message: `The study has no category ${cat}. Add it first, or import with createCategories to create it.`,
      });
    }
  }
  if (table.rows.length === 0 && problems.length === 0) problems.push({ line: 2, message: 'The file has a header but no items.' });
  if (problems.length > 0) throw errors.csvInvalid(problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));

  return db.transaction(async (tx) => {
    await tx.lock('studies', study.id);
    const categories = new Map((await listCategories(tx, study.id)).map((c) => [c.code, c.id]));
    let position = existing.size;
    const created = [];
    for (const row of table.rows) {
      let categoryId: number | null = null;
      const cat = row.values.category;
      if (cat) {
        if (!categories.has(cat)) {
          const names = Object.fromEntries(study.languages.map((l) => [l, cat]));
          categories.set(cat, (await insertCategory(tx, { studyId: study.id, code: cat, names, position: categories.size })).id);
        }
        categoryId = categories.get(cat)!;
      }
      const texts: Record<string, string> = {};
      for (const lang of study.languages) if (row.values[`text_${lang}`]) texts[lang] = row.values[`text_${lang}`];
      const item = await insertItem(tx, { studyId: study.id, categoryId, code: row.values.code, position: position++ });
      await insertItemVersion(tx, { itemId: item.id, version: 1, texts });
      created.push(item.id);
    }
    await appendAudit(tx, { studyId: study.id, facilitatorId, action: 'item.import', details: { count: created.length } });
    return created.length;
  });
}

/**
 * Ends a study after its last round: no round may be open or planned, and afterwards no new round
 * can start. Panelists then see the study as finished, with the last round's feedback.
 */
export async function closeStudy(db: Db, study: StudyRow, facilitatorId: number, nowIso: string): Promise<StudyRow> {
  return db.transaction(async (tx) => {
    study = await lockStudy(tx, study.id);
    if (study.status === 'closed') throw errors.conflict('STUDY_CLOSED', 'The study has already ended.');
    const unfinished = (await listRounds(tx, study.id)).find((r) => r.status !== 'closed');
    if (unfinished) throw errors.conflict('ROUND_IN_PROGRESS', `Round ${unfinished.number} is ${unfinished.status}; close or finish it first.`);
    const row = await updateStudy(tx, study.id, { status: 'closed', updatedAt: nowIso });
    await appendAudit(tx, { studyId: study.id, facilitatorId, action: 'study.close' });
    return row;
  });
}
