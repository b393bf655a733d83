import { FeedbackSchema } from '../../../schemas/panelist';
import { overallWithheld } from '../../../stats';
import { listing, when } from '../../format';
import type { ReportComment, ReportData } from '../../report-data';
import type { Block, Section } from '../blocks';
import { Lookups } from './lookups';

/** Plain names for the fields of the feedback panelists receive (api/schemas/panelist FeedbackSchema). */
const SHOWN: Record<string, string> = {
  nValid: 'the number of valid ratings',
  nNoOpinion: 'the number of "cannot judge" answers',
  distribution: 'the full distribution (count per scale point)',
  median: 'the median',
  q1: 'the first quartile',
  q3: 'the third quartile',
  iqr: 'the interquartile range',
  pctAgree: 'the percentage in the agreement band',
  outcome: 'the item’s outcome',
};
const NOT_STATISTICS = new Set(['round', 'withheld', 'yourAnswer', 'comments', 'live']);
/** Comments printed per item, and in the whole PDF; the HTML page and the XLSX export list all. */
const COMMENTS_SHOWN =
  ', and the panel’s comments verbatim, without author, code or time, sorted alphabetically so their order says nothing about who wrote them or when';
const PRINTED_PER_ITEM = 5;
const PRINTED_IN_ALL = 300;

/**
 * §10 item 8 and §9: what panelists were shown after each round, how comments were handled, and
 * the comments themselves as panelists saw them. The list of statistics is read from the feedback
 * contract itself, so the report cannot claim more or less than the panel view sends.
 */
export function feedbackSection(data: ReportData): Section {
  const look = new Lookups(data);
  const k = data.study.minGroupSize;
  const keys = Object.keys(FeedbackSchema.shape);
  const statistics = keys.filter((key) => !NOT_STATISTICS.has(key)).map((key) => SHOWN[key] ?? key);
  const blocks: Block[] = [
    {
      kind: 'p',
      text:
        `After a round closes, each panelist sees for every item ${listing(statistics)} of the whole panel` +
        `${keys.includes('yourAnswer') ? ', next to their own previous answer' : ''}` +
        `${keys.includes('comments') ? COMMENTS_SHOWN : ''}. ` +
        `Nothing is shown while a classic round is open. For an item with fewer than k = ${k} valid ratings, no statistic and no comment is shown. Subgroup ` +
        `statistics are never shown to panelists.`,
    },
  ];
  if (data.rounds.length === 0) blocks.push({ kind: 'p', text: 'No round has been planned yet.' });
  let printed = 0;
  let unprinted = 0;
  for (const round of data.rounds) {
    blocks.push({ kind: 'h', text: `Round ${round.number}` });
    const rows: [string, string][] = [
      ['Kind', round.kind === 'ideas' ? 'open-ended (ideas)' : round.mode === 'realtime' ? 'rating, in real time (see Real-time feedback)' : 'rating'],
      ['Opened', when(round.openedAt)],
      ['Closed', round.status === 'closed' ? when(round.closedAt) : `not closed (${round.status})`],
      ['Reminders', reminderText(round.reminders, round.emails.reminder)],
    ];
    if (round.kind === 'ideas') {
      rows.push(['Ideas collected', String(round.ideas)]);
      blocks.push({ kind: 'kv', rows });
      continue;
    }
    if (round.meta === null) {
      rows.push(['Feedback released', 'not yet: feedback is released when the round closes']);
      blocks.push({ kind: 'kv', rows });
      continue;
    }
    const withheld = round.results.filter((r) => overallWithheld(r.result.stats.nValid, k));
    const shownComments = round.results
      .filter((r) => !overallWithheld(r.result.stats.nValid, k))
      .reduce((n, r) => n + (round.comments.get(r.versionId)?.length ?? 0), 0);
    const reworded = data.decisions.filter((d) => d.round === round.number + 1 && d.action === 'reword');
    const prompted = reworded.filter(
      (d) => (d.versionId === null ? 0 : (data.items.find((i) => i.id === d.itemId)?.versions.find((v) => v.id === d.versionId)?.promptedByComments ?? 0)) > 0,
    );
    rows.push(
      ['Feedback released', `${when(round.closedAt)}, for ${round.results.length - withheld.length} of ${round.results.length} items`],
      ['Withheld (fewer than k valid ratings)', withheld.length === 0 ? 'none' : withheld.map((r) => look.label(r.versionId)).join(', ')],
      ['Comments shown to panelists', String(shownComments)],
      ['Rewordings for the next round', reworded.length === 0 ? 'none' : `${reworded.length}, of which ${prompted.length} cite panel comments as their source`],
    );
    blocks.push({ kind: 'kv', rows });
    for (const r of round.results) {
      const texts = round.comments.get(r.versionId) ?? [];
      if (texts.length === 0) continue;
      const title = `${look.label(r.versionId)}, round ${round.number}: ${texts.length} comment${texts.length === 1 ? '' : 's'}`;
      if (overallWithheld(r.result.stats.nValid, k)) {
        blocks.push({ kind: 'p', note: true, text: `${title}, withheld from panelists (fewer than k valid ratings) and not listed here.` });
        continue;
      }
      const printLimit = Math.min(PRINTED_PER_ITEM, PRINTED_IN_ALL - printed);
      if (printLimit <= 0) unprinted += texts.length;
      printed += Math.max(0, printLimit);
      blocks.push({
        kind: 'list',
        title,
        items: texts.map(commentLine),
        printLimit,
        printMoreNote: 'in the HTML report and the XLSX export',
        screenOnly: printLimit <= 0,
      });
    }
  }
  if (unprinted > 0) {
    blocks.push({
      kind: 'p',
      note: true,
      printOnly: true,
      text:
        `This printed report lists at most ${PRINTED_PER_ITEM} comments per item and ${PRINTED_IN_ALL} in all; ${unprinted} further comments are ` +
        `listed in the HTML report and the XLSX export.`,
    });
  }
  return { id: 'feedback', title: 'Feedback shown to panelists and comments', blocks };
}

/** The original as written, its language named, with each of the study team's translations beside it. */
function commentLine(c: ReportComment): string {
  if (c.translations.length === 0) return c.text;
  return [`${c.text} [${c.language}]`, ...c.translations.map((t) => `${t.language}: ${t.text}`)].join(' · ');
}

/** "scheduled 7 and 2 days before the close; 12 sent, 1 failed". */
function reminderText(schedule: number[], sent: Record<string, number> | undefined): string {
  const plan = schedule.length === 0 ? 'none scheduled' : `scheduled ${listing([...schedule].sort((a, b) => b - a).map(String))} days before the close`;
  const counts = Object.entries(sent ?? {}).map(([status, n]) => `${n} ${status}`);
  return `${plan}; ${counts.length === 0 ? 'none sent' : listing(counts)} (only to panelists who had not completed the round)`;
}
