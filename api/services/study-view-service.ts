import type { Db } from '../../db/client';
import { describeRule } from '../stats';
import { outcomeWords } from '../contract/words';
import { listAudit } from '../repositories/audit';
import type { FacilitatorRow } from '../repositories/sessions';
import { listAllStudies, listCategories, listItemsWithLatestVersion, listStudiesForFacilitator, type StudyRow } from '../repositories/studies';
import type { Role } from './access';

/** A study as the facilitator's API shows it: with the caller's role and the protocol's rules in words. */
export function studyView(s: StudyRow, role: Role) {
  return { ...s, role, protocolReadings: s.protocol.rules.map(ruleReading) };
}

/** One rule in words: "Consensus: include when at least 75% rate 7-9". */
export function ruleReading(rule: { outcome: string; when: string }): string {
  return `${outcomeWords(rule.outcome)} when ${describeRule(rule.when)}`;
}

/** The studies a facilitator is a member of; an administrator sees every study. */
export async function listStudiesFor(db: Db, facilitator: FacilitatorRow) {
  if (facilitator.isAdmin) return (await listAllStudies(db)).map((s) => studyView(s, 'admin'));
  return (await listStudiesForFacilitator(db, facilitator.id)).map((r) => studyView(r.study, r.role));
}

export async function studyCategories(db: Db, study: StudyRow) {
  return await listCategories(db, study.id);
}

/** Each item of the study with its latest wording. */
export async function studyItems(db: Db, study: StudyRow) {
  return (await listItemsWithLatestVersion(db, study.id)).map(({ item, version }) => ({
    id: item.id,
    code: item.code,
    categoryId: item.categoryId,
    position: item.position,
    status: item.status,
    versionId: version.id,
    version: version.version,
    texts: version.texts,
  }));
}

/** The newest entries of the study's append-only audit log. */
export async function studyAuditLog(db: Db, study: StudyRow, limit: number) {
  return await listAudit(db, study.id, limit);
}
