/**
 * What a facilitator writes about the study for its report, field by field: the parts of the
 * ACCORD and CREDES reporting guidelines that no number the service records can answer. Plain data,
 * so the console reads the labels without loading zod.
 */
export const REPORTING_FIELDS = [
  { key: 'rationale', label: 'Why a Delphi study', hint: 'The question, the gap in the evidence, and why a consensus method suits it.' },
  { key: 'evidence', label: 'Evidence and how the first items were drawn up', hint: 'Literature reviews, interviews or other sources behind round 1.' },
  { key: 'steering', label: 'Who ran the study', hint: 'Steering group and facilitators, their roles, and whether they also voted.' },
  { key: 'panelSelection', label: 'How panelists were selected', hint: 'Who counted as an expert, the criteria, and the panel size aimed for.' },
  { key: 'recruitment', label: 'How panelists were recruited', hint: 'Where they were found, how they were invited, and any incentives.' },
  { key: 'pilot', label: 'Pilot', hint: 'Whether the questionnaire was tried out first, with whom, and what changed.' },
  { key: 'nonConsensus', label: 'Handling of items without consensus', hint: 'What happened to items that never reached consensus, and why.' },
  { key: 'registration', label: 'Registration and protocol', hint: 'Registry and number, or where the protocol can be read.' },
  { key: 'ethics', label: 'Ethics approval and consent', hint: 'The committee, the reference, and how panelists consented.' },
  { key: 'limitations', label: 'Limitations', hint: 'What may have biased the result: panel make-up, attrition, wording.' },
  { key: 'funding', label: 'Funding', hint: 'Who paid for the study and what part the funder played.' },
  { key: 'conflicts', label: 'Conflicts of interest', hint: 'Interests of the organisers and panelists, and how they were handled.' },
] as const;

export type ReportingField = (typeof REPORTING_FIELDS)[number]['key'];
export type StudyReporting = Partial<Record<ReportingField, string>>;
