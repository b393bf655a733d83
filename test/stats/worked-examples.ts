/**
 * The worked examples of consensus-methods.md as data (numpy/scipy values). The committed copy in
 * test/fixtures is preferred, so tests run in any checkout; the shared original beside the project
 * is the fallback.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const COPY = new URL('../fixtures/consensus-examples.json', import.meta.url);
const SHARED = new URL('../../../shared/fixtures/consensus-examples.json', import.meta.url);

export interface QuartileExample {
  q1: number;
  q3: number;
  iqr: number;
}

export interface RatingExample {
  ratings: number[];
  n_valid: number;
  median?: number;
  hf7?: QuartileExample;
  hf6?: QuartileExample;
  mean?: number;
  sd?: number | null;
  cv?: number | null;
  agree_range?: [number, number];
  k_agree?: number;
  pct_agree?: number;
}

export interface RamQuantiles {
  p30: number;
  p70: number;
  ipr: number;
  iprcp: number;
  ai: number;
  ipras: number;
  di: number;
  disagreement: boolean;
}

export interface RamExample {
  ratings: number[];
  n: number;
  median: number;
  n_1_3: number;
  n_7_9: number;
  hf7: RamQuantiles;
  hf6: RamQuantiles;
}

export interface WorkedExamples {
  A_5pt_n10: RatingExample;
  A2_5pt_n8: RatingExample;
  C_7pt_valid_only: RatingExample;
  B1_n1: RatingExample;
  B2_all_equal: RatingExample;
  B0_empty: RatingExample;
  RAM1_bmjopen2012: RamExample;
  RAM2_polarised: RamExample;
  RAM3_n9_appropriate: RamExample;
  'RAM4_even_6.5': RamExample;
}

/** Parsed consensus-examples.json. */
export function workedExamples(): WorkedExamples {
  const url = existsSync(fileURLToPath(COPY)) ? COPY : SHARED;
  return JSON.parse(readFileSync(url, 'utf8')) as WorkedExamples;
}

/** The rating examples (A, A2, C, B0–B2) as [name, example] pairs for table-driven tests. */
export function ratingExamples(): [string, RatingExample][] {
  const all = workedExamples();
  return (['A_5pt_n10', 'A2_5pt_n8', 'C_7pt_valid_only', 'B1_n1', 'B2_all_equal', 'B0_empty'] as const).map((k) => [k, all[k]]);
}

/** The RAND/UCLA examples RAM-1..4. */
export function ramExamples(): [string, RamExample][] {
  const all = workedExamples();
  return (['RAM1_bmjopen2012', 'RAM2_polarised', 'RAM3_n9_appropriate', 'RAM4_even_6.5'] as const).map((k) => [k, all[k]]);
}
