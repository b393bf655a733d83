import type { ItemRow, ItemVersionRow, StudyRow } from '../repositories/studies';
import { describeRule } from '../stats';
import { outcomeWords } from '../contract/words';
import type { Item, Study } from './study';

/** A study as the facilitator's API shows it: with the caller's role and the protocol's rules in words. */
export function toStudy(s: StudyRow, role: Study['role']) {
  const stop = s.protocol.stopItemWhen?.trim();
  return { ...s, role, protocolReadings: s.protocol.rules.map(ruleReading), stopItemReading: stop ? describeRule(stop) : null };
}

/** One rule in words: "Consensus: include when at least 75% rate 7-9". */
export function ruleReading(rule: { outcome: string; when: string }): string {
  return `${outcomeWords(rule.outcome)} when ${describeRule(rule.when)}`;
}

/** An item with the wording of the version given (its latest, where the API shows one). */
export function toItem(item: ItemRow, version: ItemVersionRow): Item {
  return {
    id: item.id,
    code: item.code,
    categoryId: item.categoryId,
    position: item.position,
    status: item.status,
    versionId: version.id,
    version: version.version,
    texts: version.texts,
  };
}
