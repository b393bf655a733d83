import type { ScaleContentValidity } from '../../../contract/statistics';
import { DASH, fixed } from '../../format';
import type { ReportData } from '../../report-data';
import type { Block, Section } from '../blocks';
import { Lookups } from './lookups';

/**
 * Content validity (consensus-methods.md §15.2) of each criterion marked as a relevance
 * criterion: per item N, A, I-CVI, Pc, κ* and its evaluation band; per round S-CVI/Ave and
 * S-CVI/UA over all items and per category. Null when the study has no relevance criterion, so a
 * study without one reads as before.
 */
export function contentValiditySection(data: ReportData): Section | null {
  const relevance = data.study.criteria.filter((c) => c.relevance);
  if (relevance.length === 0) return null;
  const look = new Lookups(data);
  const categoryName = new Map(data.categories.map((c) => [c.code, c.name]));
  const blocks: Block[] = [
    {
      kind: 'p',
      text:
        'Content validity asks whether the panel judges each item relevant. For a relevance criterion, N is the number of valid ratings of an item ' +
        '("cannot judge" left out) and A the number inside the criterion’s relevant band. I-CVI = A / N (Lynn 1986). Pc = C(N, A) · 0.5^N is the ' +
        'chance that A of N experts call the item relevant by chance, and the modified kappa κ* = (I-CVI − Pc) / (1 − Pc) corrects I-CVI for it ' +
        '(Polit, Beck & Owen 2007). κ* is read with Cicchetti & Sparrow (1981): excellent above 0.74, good 0.60-0.74, fair 0.40-0.59, poor below 0.40. ' +
        'Over a set of items (a round, or a category within it), S-CVI/Ave is the mean I-CVI and S-CVI/UA the share of items with I-CVI = 1 ' +
        '(Polit & Beck 2006). I-CVI ≥ 0.78 with three or more experts is good evidence of an item’s relevance (Polit et al. 2007); S-CVI/Ave ≥ 0.90 ' +
        'is the usual recommendation for the whole set (Polit & Beck 2006).',
    },
    {
      kind: 'list',
      title: 'Relevance criteria',
      items: relevance.map((c) => `${c.label}: relevant band ${c.agree[0]}-${c.agree[1]} on the ${c.scale.min}-${c.scale.max} scale`),
    },
  ];
  const rounds = look.closedRounds();
  if (rounds.length === 0) blocks.push({ kind: 'p', text: 'No rating round has closed yet.' });
  for (const round of rounds) {
    for (const c of relevance) {
      const about = relevance.length > 1 ? `, “${c.label}”` : '';
      blocks.push({
        kind: 'table',
        caption: `Round ${round.number}${about}: content validity per item`,
        head: ['Item', 'Category', 'N', 'Relevant', 'I-CVI', 'Pc', 'κ*', 'Evaluation'],
        numeric: [2, 3, 4, 5, 6],
        rows: round.results.map((r) => {
          const cvi = r.result.criteria?.find((x) => x.criterion === c.code)?.contentValidity ?? null;
          const category = look.item(r.itemId).category;
          return [
            look.label(r.versionId),
            category?.name ?? DASH,
            cvi === null ? DASH : String(cvi.n),
            cvi === null ? DASH : String(cvi.nRelevant),
            fixed(cvi?.icvi, 2),
            fixed(cvi?.pc, 3),
            fixed(cvi?.kappa, 2),
            cvi?.evaluation ?? DASH,
          ];
        }),
      });
      const scale = round.meta?.contentValidity?.find((x) => x.criterion === c.code);
      if (!scale) continue;
      const row = (name: string, v: ScaleContentValidity) => [name, String(v.nItems), String(v.nUniversal), fixed(v.ave, 2), fixed(v.ua, 2)];
      if (Object.keys(scale.byCategory).length > 0) {
        blocks.push({
          kind: 'table',
          caption: `Round ${round.number}${about}: content validity per category`,
          head: ['Category', 'Items', 'I-CVI = 1', 'S-CVI/Ave', 'S-CVI/UA'],
          numeric: [1, 2, 3, 4],
          rows: Object.entries(scale.byCategory).map(([code, v]) => row(categoryName.get(code) ?? code, v)),
        });
      }
      blocks.push({
        kind: 'kv',
        rows: [
          ['S-CVI/Ave, all items', fixed(scale.overall.ave, 2)],
          ['S-CVI/UA, all items', fixed(scale.overall.ua, 2)],
          ['Items with I-CVI = 1', `${scale.overall.nUniversal} / ${scale.overall.nItems}`],
        ],
      });
    }
  }
  return { id: 'content-validity', title: 'Content validity', blocks };
}
