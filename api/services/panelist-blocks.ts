import type { Db } from '../../db/client';
import type { AnyBlockConfig, AnyBlockResult } from '../contract/blocks';
import type { PanelistBlock } from '../schemas/blocks';
import { listBlockAnswersOfPanelist, listBlockAnswersOfRound, listBlocks, type BlockAnswerRow } from '../repositories/blocks';
import { listPanelists, type PanelistRow } from '../repositories/panelists';
import type { RoundRow } from '../repositories/rounds';
import { listItemsWithLatestVersion, type StudyRow } from '../repositories/studies';
import { blockMembers, matchingBlock, previousBlocks, shownBlockResult } from './block-results';
import { blockKind } from './blocks/registry';

const pick = (texts: Record<string, string>, lang: string, fallback: string) => texts[lang] ?? texts[fallback] ?? Object.values(texts)[0] ?? '';

const saved = (rows: readonly BlockAnswerRow[], blockId: number) =>
  rows.filter((r) => r.blockId === blockId).map((r) => ({ subject: r.subject, value: r.value, cannotJudge: r.cannotJudge, revision: r.revision }));

/**
 * The blocks of a round as a panelist sees them: the instructions and item texts in their
 * language, their own answers, and from the same block of the previous round their own answers
 * (a ranking starts from that order) and the panel's result, withheld when fewer than k answered.
 */
export async function panelistBlocks(db: Db, study: StudyRow, round: RoundRow, panelist: PanelistRow): Promise<PanelistBlock[]> {
  const blocks = await listBlocks(db, round.id);
  if (blocks.length === 0) return [];
  const lang = panelist.language;
  const fallback = study.languages[0];
  const [own, items, before] = await Promise.all([
    listBlockAnswersOfPanelist(db, round.id, panelist.id),
    listItemsWithLatestVersion(db, study.id),
    previousBlocks(db, study, round),
  ]);
  const texts = new Map(items.map((r) => [r.item.code, r.version.texts]));
  let previousOwn: BlockAnswerRow[] = [];
  let members = new Map<number, ReturnType<typeof blockMembers> extends Map<number, infer M> ? M : never>();
  if (before.round && before.blocks.length > 0) {
    const [all, panelists] = await Promise.all([listBlockAnswersOfRound(db, before.round.id), listPanelists(db, study.id)]);
    previousOwn = all.filter((r) => r.panelistId === panelist.id);
    members = blockMembers(all, panelists);
  }
  return blocks.map((b) => {
    const module = blockKind(b.kind)!;
    const config = b.config as AnyBlockConfig;
    const earlier = matchingBlock(b, before.blocks);
    const result = earlier ? (before.results.get(earlier.id) as AnyBlockResult | undefined) : undefined;
    return {
      id: b.id,
      kind: b.kind,
      position: b.position,
      instructions: pick(b.instructions, lang, fallback),
      config: config as unknown as Record<string, unknown>,
      itemTexts: Object.fromEntries(module.items(config).map((code) => [code, pick(texts.get(code) ?? {}, lang, fallback)])),
      answers: saved(own, b.id),
      previousAnswers: earlier ? saved(previousOwn, earlier.id) : [],
      feedback: earlier && result ? shownBlockResult(study, earlier, result, members.get(earlier.id) ?? [], 'panelist') : null,
    };
  });
}
