import type { Db } from '../../../db/client';
import { errors } from '../../errors';
import { listEmailTemplates } from '../../repositories/email';
import { listMembers } from '../../repositories/facilitators';
import type { PanelistRow } from '../../repositories/panelists';
import type { StudyRow } from '../../repositories/studies';
import type { StudyExport } from '../../schemas/study-export';
import { studySecret } from '../../services/opaque-ids';
import { byCode, filePseudonyms } from '../pseudonyms';

export type ArchiveKind = 'default' | 'full';

/**
 * A full archive (e-mail addresses of panel and team, every attribute) is for moving a study to
 * another server. Strict anonymity promises that nobody outside the service sees per-person data,
 * so it has no full archive.
 */
export function checkArchive(study: StudyRow, archive: ArchiveKind): void {
  if (archive === 'full' && study.anonymity === 'strict') {
    throw errors.conflict(
      'ARCHIVE_NOT_ALLOWED',
      'The study runs in strict anonymity mode, which keeps every per-person record inside the service: it has no full archive. ' +
        'The default study file holds everything else.',
    );
  }
}

/**
 * Attributes that would single panelists out: a value held by fewer than k panelists. The default
 * file leaves such an attribute out for everyone (left out only for the few, its absence would
 * name them), so that a comment, linked to its author's reference, never lands on a group the
 * report hides. Only the full archive carries them. An imported study whose panel lacks the
 * attribute (it came from such a file) keeps it withheld.
 */
export function withheldAttributes(study: StudyRow, panel: readonly PanelistRow[], archive: ArchiveKind): string[] {
  // Strict anonymity leaves the panel out of the file altogether.
  if (archive === 'full' || study.anonymity === 'strict') return [];
  return study.attributes
    .map((a) => a.name)
    .filter((name) => {
      const counts = new Map<string, number>();
      for (const p of panel) {
        const v = p.attributes[name];
        if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      // A panelist without the attribute came from such a file: it stays withheld, so the next export is the same file.
      return [...counts.values()].some((n) => n < study.minGroupSize) || panel.some((p) => p.attributes[name] === undefined);
    });
}

/** The panel under the file's references (P0001...), the study team by role, and the study's own e-mail wording. */
export async function exportPeople(db: Db, study: StudyRow, panel: readonly PanelistRow[], archive: ArchiveKind) {
  const codes = filePseudonyms(await studySecret(db, study.id), panel);
  const withheld = withheldAttributes(study, panel, archive);
  const full = archive === 'full';
  const panelists: NonNullable<StudyExport['panelists']> = panel
    .map((p) => ({
      code: codes.get(p.id)!,
      status: p.status,
      attributes: Object.fromEntries(Object.entries(p.attributes).filter(([name]) => !withheld.includes(name))),
      language: p.language,
      ...(full && p.email ? { email: p.email } : {}),
    }))
    .sort((a, b) => byCode(a.code, b.code));
  const roles = { owner: 0, facilitator: 1, observer: 2 };
  const members = (await listMembers(db, study.id))
    .map((m) => ({ role: m.role, ...(full ? { email: m.email } : {}) }))
    .sort((a, b) => roles[a.role] - roles[b.role] || byCode(a.email ?? '', b.email ?? ''));
  const emailTemplates = (await listEmailTemplates(db, study.id)).map((t) => ({ language: t.language, kind: t.kind, subject: t.subject, body: t.body }));
  return { codes, panelists, withheld, members, emailTemplates };
}
