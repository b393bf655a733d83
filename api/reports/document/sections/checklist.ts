import { REPORTING_FIELDS } from '../../../contract/reporting';
import { ACCORD_ITEMS, CREDES_ITEMS, type GuidelineItem } from '../../guidelines';
import type { ReportData } from '../../report-data';
import type { Section } from '../blocks';

/** Headings and fixed phrases of the appendix, kept together so they can be translated. */
export const CHECKLIST_TEXT = {
  title: 'Appendix: reporting guideline checklist',
  intro:
    'Each item of the ACCORD (Gattrell et al., PLoS Med 2024;21(1):e1004326) and CREDES (Jünger et al., Palliat Med 2017;31(8):684-706) ' +
    'reporting guidelines, in our own words, with the part of this report that answers it. "Not reported" marks what is still missing.',
  head: ['Guideline', 'Item', 'Part', 'What it asks for', 'Answered in'],
  notReported: 'not reported',
  notYet: 'not reported yet (no round has closed)',
  titlePage: 'the report title',
};

export interface ChecklistRow {
  guideline: GuidelineItem['guideline'];
  number: string;
  part: string;
  topic: string;
  /** Where the report answers it, or null when it does not (yet). */
  answeredIn: string | null;
  /** Why it is not answered: the facilitator has not written it, or the results do not exist yet. */
  missing: 'field' | 'results' | null;
}

/**
 * Maps each guideline item to the numbered section of the report that answers it. A section the
 * service fills from recorded facts counts when it is present; a facilitator's field counts when
 * it is not empty; results sections need a closed rating round.
 */
export function checklistRows(data: ReportData, sections: readonly Pick<Section, 'id' | 'title'>[]): ChecklistRow[] {
  const numbered = (id: string) => {
    const i = sections.findIndex((s) => s.id === id);
    return i < 0 ? null : `${i + 1}. ${sections[i].title}`;
  };
  const closed = data.rounds.some((r) => r.status === 'closed' && r.kind === 'rating');
  return [...ACCORD_ITEMS, ...CREDES_ITEMS].map((item) => {
    const a = item.answer;
    const places: string[] = [];
    let missing: ChecklistRow['missing'] = null;
    if ('section' in a) {
      if (a.section === 'title') places.push(CHECKLIST_TEXT.titlePage);
      else if (a.needs === 'closedRound' && !closed) missing = 'results';
      else {
        const where = numbered(a.section);
        if (where) places.push(where);
      }
    }
    if ('field' in a) {
      const label = REPORTING_FIELDS.find((f) => f.key === a.field)!.label;
      if (data.study.reporting[a.field]?.trim()) places.push(`${numbered('background') ?? ''}: ${label}`);
      else missing ??= 'field';
    }
    const answeredIn = places.length > 0 ? places.join('; ') : null;
    return { guideline: item.guideline, number: item.number, part: item.part, topic: item.topic, answeredIn, missing: answeredIn ? null : missing };
  });
}

export function checklistSection(data: ReportData, sections: readonly Section[]): Section {
  const rows = checklistRows(data, [...sections, { id: 'checklist', title: CHECKLIST_TEXT.title }]);
  return {
    id: 'checklist',
    title: CHECKLIST_TEXT.title,
    blocks: [
      { kind: 'p', text: CHECKLIST_TEXT.intro },
      {
        kind: 'table',
        head: CHECKLIST_TEXT.head,
        widths: ['auto', 'auto', 'auto', '*', '*'],
        rows: rows.map((r) => [
          r.guideline,
          r.number,
          r.part,
          r.topic,
          r.answeredIn ?? { text: r.missing === 'results' ? CHECKLIST_TEXT.notYet : CHECKLIST_TEXT.notReported, strong: true },
        ]),
      },
    ],
  };
}
