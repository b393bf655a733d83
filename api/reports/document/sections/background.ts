import { REPORTING_FIELDS } from '../../../contract/reporting';
import type { ReportData } from '../../report-data';
import type { Section } from '../blocks';

/** Headings and fixed phrases of this section, kept together so they can be translated. */
export const BACKGROUND_TEXT = {
  title: 'Study background and conduct',
  intro: 'What the study team wrote about the study beyond its numbers. A field left empty is marked as not reported.',
  notReported: 'Not reported',
};

/** The facilitator's own account: rationale, selection and recruitment, pilot, ethics, funding... */
export function backgroundSection(data: ReportData): Section {
  const rows: [string, string][] = REPORTING_FIELDS.map((f) => [f.label, data.study.reporting[f.key]?.trim() || BACKGROUND_TEXT.notReported]);
  return {
    id: 'background',
    title: BACKGROUND_TEXT.title,
    blocks: [
      { kind: 'p', text: BACKGROUND_TEXT.intro, note: true },
      { kind: 'kv', rows },
    ],
  };
}
