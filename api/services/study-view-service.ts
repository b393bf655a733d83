import type { Db } from '../../db/client';
import { errors } from '../errors';
import { presetProtocol, PRESET_NAMES } from '../stats';
import { listAudit } from '../repositories/audit';
import type { FacilitatorRow } from '../repositories/sessions';
import { listAllStudies, listCategories, listItemsWithLatestVersion, listStudiesForFacilitator, type StudyRow } from '../repositories/studies';
import { ruleReading, toItem, toStudy } from '../schemas/study-wire';

/** The studies a facilitator is a member of; an administrator sees every study. */
export async function listStudiesFor(db: Db, facilitator: FacilitatorRow) {
  if (facilitator.isAdmin) return (await listAllStudies(db)).map((s) => toStudy(s, 'admin'));
  return (await listStudiesForFacilitator(db, facilitator.id)).map((r) => toStudy(r.study, r.role));
}

export async function studyCategories(db: Db, study: StudyRow) {
  return await listCategories(db, study.id);
}

/** Each item of the study with its latest wording. */
export async function studyItems(db: Db, study: StudyRow) {
  return (await listItemsWithLatestVersion(db, study.id)).map(({ item, version }) => toItem(item, version));
}

/** The newest entries of the study's append-only audit log. */
export async function studyAuditLog(db: Db, study: StudyRow, limit: number) {
  // appendAudit stores an object (or {}) in every entry; its keys depend on the action.
  return (await listAudit(db, study.id, limit)).map((entry) => ({ ...entry, details: entry.details as Record<string, unknown> }));
}

/** The protocol presets that fit a scale, each rule in plain words. */
export function protocolPresets(scale: { min: number; max: number }) {
  if (scale.max - scale.min < 2) throw errors.validation('A scale needs at least three points.');
  const out = [];
  for (const name of PRESET_NAMES) {
    try {
      const protocol = presetProtocol(name, scale);
      out.push({ name, protocol, readings: protocol.rules.map(ruleReading) });
    } catch {
      // A preset that does not apply to this scale (e.g. RAND/UCLA outside 1-9) is left out.
    }
  }
  return out;
}
