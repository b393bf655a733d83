/**
 * The reporting guidelines a Delphi report is read against, item by item, in our own words, with
 * where this service's report answers each. ACCORD: Gattrell WT et al., PLoS Med 2024;21(1):e1004326
 * (35 items: title 1, introduction 3, methods 21, results 5, discussion 2, other 3). CREDES: Jünger S
 * et al., Palliat Med 2017;31(8):684-706 (recommendations for conducting and for reporting).
 */
import type { ReportingField } from '../contract/reporting';

/** Where an item is answered: a section of the report, or a field the facilitator writes. */
export type Answer =
  | { section: string; needs?: 'closedRound' }
  | { field: ReportingField }
  /** Either the section (facts the service recorded) or the facilitator's own text. */
  | { section: string; field: ReportingField; needs?: 'closedRound' };

export interface GuidelineItem {
  guideline: 'ACCORD' | 'CREDES';
  number: string;
  part: string;
  topic: string;
  answer: Answer;
}

const accord = (number: number, part: string, topic: string, answer: Answer): GuidelineItem => ({
  guideline: 'ACCORD',
  number: String(number),
  part,
  topic,
  answer,
});
const credes = (number: number, part: string, topic: string, answer: Answer): GuidelineItem => ({
  guideline: 'CREDES',
  number: String(number),
  part,
  topic,
  answer,
});

export const ACCORD_ITEMS: readonly GuidelineItem[] = [
  accord(1, 'Title', 'Say in the title that this is a consensus study and which method was used', { section: 'title' }),
  accord(2, 'Introduction', 'Why a consensus method rather than another approach', { field: 'rationale' }),
  accord(3, 'Introduction', 'The aim of the study, its intended users and its scope', { section: 'summary' }),
  accord(4, 'Introduction', 'The background and the gap in the evidence that the study addresses', { field: 'rationale' }),
  accord(5, 'Methods', 'Registration of the study, or where its protocol is published', { field: 'registration' }),
  accord(6, 'Methods', 'The protocol as planned before the study started, and any changes to it', { section: 'protocol' }),
  accord(7, 'Methods', 'Who organised the study (steering group, facilitators) and what part each played', { field: 'steering' }),
  accord(8, 'Methods', 'Criteria for choosing panelists and the expertise sought', { field: 'panelSelection' }),
  accord(9, 'Methods', 'How panelists were identified, invited and recruited', { field: 'recruitment' }),
  accord(10, 'Methods', 'The make-up of the panel and the number invited', { section: 'composition' }),
  accord(11, 'Methods', 'Whether organisers took part in the voting', { field: 'steering' }),
  accord(12, 'Methods', 'Evidence reviewed and how it was shared with the panel', { field: 'evidence' }),
  accord(13, 'Methods', 'How the first statements or questions were generated', { field: 'evidence' }),
  accord(14, 'Methods', 'The consensus method used and any change made to the standard form', { section: 'protocol' }),
  accord(15, 'Methods', 'Number of rounds planned and the rule for stopping', { section: 'protocol' }),
  accord(16, 'Methods', 'The definition of consensus and its threshold, set before voting', { section: 'protocol' }),
  accord(17, 'Methods', 'The rating scale and how answers were collected', { section: 'settings' }),
  accord(18, 'Methods', 'Whether and how panelists stayed anonymous', { section: 'feedback' }),
  accord(19, 'Methods', 'The feedback panelists received between rounds', { section: 'feedback' }),
  accord(20, 'Methods', 'How statements were reworded, added, merged, split or removed between rounds', { section: 'item-flow' }),
  accord(21, 'Methods', 'What was done with statements that did not reach consensus', { field: 'nonConsensus' }),
  accord(22, 'Methods', 'Piloting of the questionnaire or process', { field: 'pilot' }),
  accord(23, 'Methods', 'The statistical and qualitative analysis of the answers', { section: 'settings' }),
  accord(24, 'Methods', 'Ethics approval and how panelists gave consent', { field: 'ethics' }),
  accord(25, 'Methods', 'How comments and free text from panelists were handled', { section: 'feedback' }),
  accord(26, 'Results', 'Panelists invited, taking part and lost in each round', { section: 'participation', needs: 'closedRound' }),
  accord(27, 'Results', 'The characteristics of the panelists who took part', { section: 'composition' }),
  accord(28, 'Results', 'The results of each round, for each statement', { section: 'results', needs: 'closedRound' }),
  accord(29, 'Results', 'The final outcome, including statements without consensus', { section: 'non-consensus', needs: 'closedRound' }),
  accord(30, 'Results', 'How statements moved through the rounds (flow diagram)', { section: 'item-flow', needs: 'closedRound' }),
  accord(31, 'Discussion', 'Interpretation of the findings and their place among other work', { section: 'summary', needs: 'closedRound' }),
  accord(32, 'Discussion', 'Strengths and limitations of the study', { field: 'limitations' }),
  accord(33, 'Other information', 'Sources of funding and the role of the funder', { field: 'funding' }),
  accord(34, 'Other information', 'Conflicts of interest and how they were managed', { field: 'conflicts' }),
  accord(35, 'Other information', 'Availability of the data, the questionnaire and the software', { section: 'software' }),
];

export const CREDES_ITEMS: readonly GuidelineItem[] = [
  credes(1, 'Conducting', 'Justify choosing the Delphi technique for the question', { field: 'rationale' }),
  credes(2, 'Conducting', 'Plan the process, including how many rounds and how they follow each other', { section: 'protocol' }),
  credes(3, 'Conducting', 'Define consensus in advance, including what happens to items between rounds', { section: 'protocol' }),
  credes(4, 'Conducting', 'Decide in advance when to stop and what to do when consensus is not reached', { section: 'protocol', field: 'nonConsensus' }),
  credes(5, 'Conducting', 'Say what information the panel received before and during the study', { field: 'evidence' }),
  credes(6, 'Conducting', 'Guard against bias (e.g. anonymity, neutral feedback, minimum group size)', { section: 'feedback' }),
  credes(7, 'Conducting', 'Interpret consensus and non-consensus with care', { section: 'non-consensus', needs: 'closedRound' }),
  credes(8, 'Conducting', 'Consider validating the results externally', { field: 'limitations' }),
  credes(9, 'Reporting', 'The purpose of the study and the reason for a Delphi', { field: 'rationale' }),
  credes(10, 'Reporting', 'How the experts were selected and who they were', { field: 'panelSelection' }),
  credes(11, 'Reporting', 'The methods: questionnaire, rounds, analysis, and any pilot', { field: 'pilot' }),
  credes(12, 'Reporting', 'A flow chart of the process, with changes to the item set', { section: 'item-flow', needs: 'closedRound' }),
  credes(13, 'Reporting', 'Response rates for each round', { section: 'participation', needs: 'closedRound' }),
  credes(14, 'Reporting', 'How consensus was defined and whether it was reached', { section: 'protocol' }),
  credes(15, 'Reporting', 'Results for each round separately', { section: 'results', needs: 'closedRound' }),
  credes(16, 'Reporting', 'Limitations and how far the results can be trusted', { field: 'limitations' }),
  credes(17, 'Reporting', 'Conclusions that follow from the results', { section: 'summary', needs: 'closedRound' }),
  credes(18, 'Reporting', 'Funding, conflicts of interest and ethics', { field: 'funding' }),
];
