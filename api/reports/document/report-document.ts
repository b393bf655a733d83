/**
 * The consensus report as a neutral document: sections of paragraphs, tables and chart specs.
 * The HTML and the PDF are two renderings of the same document, so they cannot drift apart.
 */
import type { ReportDocument } from './blocks';
import type { ReportData } from '../report-data';
import { asymmetrySection } from './sections/asymmetry';
import { backgroundSection } from './sections/background';
import { checklistSection } from './sections/checklist';
import { attritionSection } from './sections/attrition';
import { compositionSection } from './sections/composition';
import { contentValiditySection } from './sections/content-validity';
import { feedbackSection } from './sections/feedback';
import { itemFlowSection } from './sections/item-flow';
import { nonConsensusSection } from './sections/non-consensus';
import { participationSection } from './sections/participation';
import { protocolSection } from './sections/protocol';
import { realtimeSection } from './sections/realtime';
import { rankingsSection } from './sections/rankings';
import { relationsSection } from './sections/relations';
import { resultsSection } from './sections/results';
import { settingsSection } from './sections/settings';
import { softwareSection } from './sections/software';
import { stabilitySection } from './sections/stability';
import { summarySection } from './sections/summary';
import { when } from '../format';

export function buildReportDocument(data: ReportData): ReportDocument {
  const scope = data.upToRound === null ? 'All rounds so far' : `Rounds 1 to ${data.upToRound} (report after round ${data.upToRound})`;
  const sections = [
    summarySection(data),
    backgroundSection(data),
    asymmetrySection(data),
    protocolSection(data),
    settingsSection(data),
    participationSection(data),
    compositionSection(data),
    itemFlowSection(data),
    resultsSection(data),
    ...[contentValiditySection(data)].filter((s) => s !== null),
    stabilitySection(data),
    ...[attritionSection(data)].filter((s) => s !== null),
    ...[rankingsSection(data), relationsSection(data.relations)].filter((s) => s !== null),
    nonConsensusSection(data),
    feedbackSection(data),
    ...[realtimeSection(data)].filter((s) => s !== null),
    softwareSection(data),
  ];
  return {
    title: data.study.title,
    subtitle: 'Consensus report of a Delphi study',
    meta: [
      ['Study', `${data.study.slug} (id ${data.study.id})`],
      ['Scope', scope],
      ['Generated', when(data.generatedAt)],
      ['Study status', data.study.status],
    ],
    sections: [...sections, checklistSection(data, sections)],
  };
}
