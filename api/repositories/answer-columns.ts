import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';

const p = sql.placeholder;

/** One item version's answers on one criterion: panelist ids and ratings in parallel (null: no rating, or "cannot judge"). */
export interface AnswerColumn {
  itemVersionId: number;
  criterion: string;
  panelistIds: number[];
  values: (number | null)[];
}

/**
 * Every answer of a round, one entry per (item version, criterion): what a close and a release
 * read. The database gathers each group's answers into text, so a close of 380,000 answers reads a
 * few hundred rows instead of a driver row (and its garbage) per answer, which cost more than the
 * whole analysis. The few hundred rows come as plain rows (not `preparedValues`' one JSON
 * document), which spares the database escaping, and Node parsing, the whole text a second time.
 *
 * PostgreSQL gathers two arrays per group, ids and ratings, written as array text: building them
 * costs it a quarter less than joining "panelist:rating" strings (58 against 77 ms for 190,000
 * answers). SQLite has no arrays and joins "panelist:rating,…" with string_agg (3.44 and later).
 * Either way the order of the answers within a group is unspecified, as the order of rows of any
 * unordered select: the statistics do not depend on it.
 */
export async function listAnswerColumnsForRound(db: Db, roundId: number): Promise<AnswerColumn[]> {
  return db.dialect === 'postgres' ? await columnsFromArrays(db, roundId) : await columnsFromPairs(db, roundId);
}

async function columnsFromArrays(db: Db, roundId: number): Promise<AnswerColumn[]> {
  const { responses } = db.t;
  const query = db.prepared('listAnswerColumnsForRound.arrays', (d) =>
    d.orm
      .select({
        itemVersionId: responses.itemVersionId,
        criterion: responses.criterion,
        panelistIds: sql<string>`cast(array_agg(${responses.panelistId}) as text)`.as('panelist_ids'),
        values: sql<string>`cast(array_agg(case when ${responses.cannotJudge} then null else ${responses.value} end) as text)`.as('answer_values'),
      })
      .from(responses)
      .where(eq(responses.roundId, p('round')))
      .groupBy(responses.itemVersionId, responses.criterion),
  );
  return (await query({ round: roundId })).map(({ itemVersionId, criterion, panelistIds, values }) => {
    const column = { itemVersionId, criterion, panelistIds: [] as number[], values: [] as (number | null)[] };
    readArray(panelistIds, column.panelistIds);
    readArray(values, column.values);
    if (column.panelistIds.length !== column.values.length) {
      throw new Error(`answer arrays of item version ${itemVersionId} do not pair up`);
    }
    return column;
  });
}

async function columnsFromPairs(db: Db, roundId: number): Promise<AnswerColumn[]> {
  const { responses } = db.t;
  const query = db.prepared('listAnswerColumnsForRound', (d) =>
    d.orm
      .select({
        itemVersionId: responses.itemVersionId,
        criterion: responses.criterion,
        answers: sql<string>`string_agg(
          cast(${responses.panelistId} as text) || ':' || case when ${responses.cannotJudge} then '' else coalesce(cast(${responses.value} as text), '') end,
          ','
        )`.as('answers'),
      })
      .from(responses)
      .where(eq(responses.roundId, p('round')))
      .groupBy(responses.itemVersionId, responses.criterion),
  );
  return (await query({ round: roundId })).map(({ itemVersionId, criterion, answers }) => ({ itemVersionId, criterion, ...parsePairs(answers) }));
}

/** Reads "panelist:rating,…" (as the SQLite query writes it) in one pass over the characters. */
function parsePairs(text: string): { panelistIds: number[]; values: (number | null)[] } {
  const panelistIds: number[] = [];
  const values: (number | null)[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf(',', start);
    if (end < 0) end = text.length;
    const colon = text.indexOf(':', start);
    if (colon < 0 || colon > end) throw new Error(`answer list: no rating separator in "${text.slice(start, end)}"`);
    panelistIds.push(integerAt(text, start, colon));
    values.push(colon + 1 === end ? null : integerAt(text, colon + 1, end));
    start = end + 1;
  }
  return { panelistIds, values };
}

/** Reads PostgreSQL's text of a one-dimensional integer array ("{4,NULL,7}") into `out`. */
function readArray(text: string, out: (number | null)[]): void {
  if (text[0] !== '{' || text[text.length - 1] !== '}') throw new Error(`answer list: not an array: "${text.slice(0, 40)}"`);
  const last = text.length - 1;
  let start = 1;
  while (start < last) {
    let end = text.indexOf(',', start);
    if (end < 0 || end > last) end = last;
    out.push(text.startsWith('NULL', start) && end - start === 4 ? null : integerAt(text, start, end));
    start = end + 1;
  }
}

/** The number text[from, to) writes; digits only on the fast path, anything else through Number (a stored 7.5 stays 7.5). */
function integerAt(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return checked(Number(text.slice(from, to)), text.slice(from, to));
    n = n * 10 + d;
  }
  if (to === from) throw new Error('answer list: an empty number');
  return n;
}

const checked = (n: number, raw: string) => {
  if (Number.isNaN(n)) throw new Error(`answer list: not a number: "${raw}"`);
  return n;
};
