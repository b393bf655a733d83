/**
 * The consensus report as a neutral document: sections of paragraphs, tables and chart specs.
 * The HTML and the PDF are two renderings of the same document, so they cannot drift apart.
 */
import type { ReportData } from './report-data';
import { asymmetrySection } from './sections/asymmetry';
import { compositionSection } from './sections/composition';
import { feedbackSection } from './sections/feedback';
import { itemFlowSection } from './sections/item-flow';
import { nonConsensusSection } from './sections/non-consensus';
import { participationSection } from './sections/participation';
import { protocolSection } from './sections/protocol';
import { resultsSection } from './sections/results';
import { settingsSection } from './sections/settings';
import { softwareSection } from './sections/software';
import { stabilitySection } from './sections/stability';
import { summarySection } from './sections/summary';
import { when } from './format';

/** Counts per scale point with the agreement band shaded and the median marked. */
export interface DistributionChart {
  type: 'distribution';
  min: number;
  counts: number[];
  agree: readonly [number, number];
  disagree: readonly [number, number];
  median: number | null;
}

/** Horizontal bars on 0..max, e.g. response rates or % agreement by group. */
export interface BarChart {
  type: 'bars';
  max: number;
  bars: { label: string; value: number | null; text: string }[];
  /** A reference line, e.g. the consensus threshold. */
  marker?: { value: number; label: string };
}

/** Rounds as columns of boxes; carried/reworded items flow right, retired/dropped leave, added enter. */
export interface FlowChart {
  type: 'flow';
  rounds: { number: number; status: string; presented: number; outcomes: [string, number][] }[];
  transitions: { into: number; carried: number; reworded: number; added: number; dropped: number; retired: number }[];
}

export type Chart = DistributionChart | BarChart | FlowChart;

export type Cell = string | { text: string; chart?: DistributionChart; strong?: boolean };

export interface TableBlock {
  kind: 'table';
  head: string[];
  rows: Cell[][];
  /** Columns aligned right (numbers). */
  numeric?: number[];
  /** Relative column widths for print; '*' takes the rest. */
  widths?: (number | '*' | 'auto')[];
  caption?: string;
}

export type Block =
  | { kind: 'p'; text: string; note?: boolean; printOnly?: boolean }
  | { kind: 'h'; text: string }
  | { kind: 'list'; items: string[]; title?: string; printLimit?: number; printMoreNote?: string; screenOnly?: boolean }
  | { kind: 'kv'; rows: [string, string][] }
  | { kind: 'code'; text: string }
  | TableBlock
  | { kind: 'chart'; chart: Chart; caption: string };

export interface Section {
  id: string;
  title: string;
  blocks: Block[];
  /** Wide tables: printed on landscape pages. */
  landscape?: boolean;
}

export interface ReportDocument {
  title: string;
  subtitle: string;
  meta: [string, string][];
  sections: Section[];
}

export function buildReportDocument(data: ReportData): ReportDocument {
  const scope = data.upToRound === null ? 'All rounds so far' : `Rounds 1 to ${data.upToRound} (report after round ${data.upToRound})`;
  return {
    title: data.study.title,
    subtitle: 'Consensus report of a Delphi study',
    meta: [
      ['Study', `${data.study.slug} (id ${data.study.id})`],
      ['Scope', scope],
      ['Generated', when(data.generatedAt)],
      ['Study status', data.study.status],
    ],
    sections: [
      summarySection(data),
      asymmetrySection(data),
      protocolSection(data),
      settingsSection(data),
      participationSection(data),
      compositionSection(data),
      itemFlowSection(data),
      resultsSection(data),
      stabilitySection(data),
      nonConsensusSection(data),
      feedbackSection(data),
      softwareSection(data),
    ],
  };
}
