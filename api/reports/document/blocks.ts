/**
 * The parts of the neutral report document (blocks, tables, chart specs, sections). They live
 * apart from the builder so the sections, the renderers and the builder all import them without
 * the sections importing the builder that imports them.
 */
import type { CauseEffectInput, InfluenceGraphInput } from './influence-map-svg';

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

/** Rounds as columns of boxes; carried/reworded items flow right, retired/dropped leave, added enter, merged/split items are replaced. */
export interface FlowChart {
  type: 'flow';
  rounds: { number: number; status: string; presented: number; outcomes: [string, number][] }[];
  transitions: {
    into: number;
    carried: number;
    reworded: number;
    added: number;
    dropped: number;
    retired: number;
    /** Items merged away, and the new items the merges made (absent: none). */
    merged?: number;
    mergedInto?: number;
    /** Items split, and the new items the splits made (absent: none). */
    split?: number;
    splitInto?: number;
  }[];
}

/** An influence map (§17): the cause–effect diagram, or the graph of the relations above the threshold. */
export type InfluenceChart = ({ type: 'cause-effect' } & CauseEffectInput) | ({ type: 'influence-graph' } & InfluenceGraphInput);

export type Chart = DistributionChart | BarChart | FlowChart | InfluenceChart;

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
  | { kind: 'chart'; chart: Chart; caption: string }
  /** Charts side by side (e.g. each group's influence map), wrapping on a narrow screen. */
  | { kind: 'charts'; charts: { chart: Chart; caption: string }[] };

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
  /** The study language the report is written in (BCP-47); English when absent. */
  language?: string;
  /** The heading of the table of contents, in that language. */
  contents?: string;
  meta: [string, string][];
  sections: Section[];
}
