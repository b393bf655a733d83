import { errors, MAX_LISTED_PROBLEMS, type Problem } from '../../errors';
import type { StudyExport } from '../../schemas/study-export';
import { checkProtocol } from '../../services/study-service';

/**
 * What the JSON Schema cannot say about a study export: every reference points at something in
 * the file, answers lie on the scale, the protocol is valid for the scale and attributes.
 * Throws one 400 listing every problem (at most 50), so nothing half-imports.
 */
export function checkStudyExport(input: StudyExport): void {
  const problems: Problem[] = [];
  const add = (path: string, message: string) => {
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push({ path, message });
  };
  const { study } = input;
  if (!/^1\./.test(input.schemaVersion)) add('schemaVersion', `Version ${input.schemaVersion} is not supported; this service reads 1.x.`);
  if (study.timeZone !== undefined && !knownTimeZone(study.timeZone)) add('study.timeZone', `"${study.timeZone}" is not an IANA time zone.`);

  const categories = unique(
    input.categories.map((c) => c.code),
    'categories',
    add,
  );
  const versions = new Set<string>();
  const items = unique(
    input.items.map((i) => i.code),
    'items',
    add,
  );
  input.items.forEach((item, i) => {
    if (item.category !== null && !categories.has(item.category)) add(`items.${i}.category`, `Unknown category ${item.category}.`);
    const numbers = item.versions.map((v) => v.version);
    if (new Set(numbers).size !== numbers.length) add(`items.${i}.versions`, `Item ${item.code} lists a version twice.`);
    for (const v of numbers) versions.add(`${item.code}@${v}`);
  });

  const rounds = new Map<number, { presented: Set<string>; status: string; kind: string }>();
  input.rounds.forEach((r, i) => {
    if (rounds.has(r.number)) add(`rounds.${i}.number`, `Round ${r.number} appears twice.`);
    const presented = new Set<string>();
    r.items.forEach((p, j) => {
      const key = `${p.item}@${p.version}`;
      if (!versions.has(key)) add(`rounds.${i}.items.${j}`, `Round ${r.number} presents ${p.item} version ${p.version}, which the file does not contain.`);
      if ([...presented].some((x) => x.startsWith(`${p.item}@`))) add(`rounds.${i}.items.${j}`, `Round ${r.number} presents ${p.item} twice.`);
      presented.add(key);
    });
    rounds.set(r.number, { presented, status: r.status, kind: r.kind });
  });
  // A study has at most one open round, and only its latest may be open or still a draft.
  const latest = Math.max(0, ...input.rounds.map((r) => r.number));
  input.rounds.forEach((r, i) => {
    if (r.status !== 'closed' && r.number !== latest) add(`rounds.${i}.status`, `Round ${r.number} is ${r.status}, but only the latest round can be.`);
  });

  const attributes = new Map(study.attributes.map((a) => [a.name, new Set(a.values)]));
  const panelists = unique(
    (input.panelists ?? []).map((p) => p.code),
    'panelists',
    add,
  );
  (input.panelists ?? []).forEach((p, i) => {
    for (const [name, value] of Object.entries(p.attributes)) {
      if (!attributes.get(name)?.has(value)) add(`panelists.${i}.attributes.${name}`, `"${value}" is not a value of the attribute ${name}.`);
    }
  });

  input.rounds.forEach((r, i) => {
    const positions = (r.blocks ?? []).map((b) => b.position);
    if (new Set(positions).size !== positions.length) add(`rounds.${i}.blocks`, `Round ${r.number} has two blocks at one position.`);
  });
  const blockKeys = new Set<string>();
  (input.blockAnswers ?? []).forEach((a, i) => {
    const round = input.rounds.find((r) => r.number === a.round);
    if (!round?.blocks?.some((b) => b.position === a.block)) add(`blockAnswers.${i}`, `Round ${a.round} has no block at position ${a.block}.`);
    if (!panelists.has(a.panelist)) add(`blockAnswers.${i}`, `Panelist ${a.panelist} is not in the file.`);
    const key = `${a.round}|${a.block}|${a.panelist}|${a.subject}`;
    if (blockKeys.has(key)) add(`blockAnswers.${i}`, `${a.panelist} answered ${a.subject} twice in one block.`);
    blockKeys.add(key);
  });

  const seen = new Set<string>();
  (input.responses ?? []).forEach((r, i) => {
    const round = rounds.get(r.round);
    const at = `responses.${i}`;
    if (!round) return add(at, `Round ${r.round} is not in the file.`);
    if (round.kind !== 'rating') add(at, `Round ${r.round} is not a rating round.`);
    if (!round.presented.has(`${r.item}@${r.version}`)) add(at, `Round ${r.round} did not present ${r.item} version ${r.version}.`);
    if (!panelists.has(r.panelist)) add(at, `Panelist ${r.panelist} is not in the file.`);
    const key = `${r.round}|${r.panelist}|${r.item}|${r.version}|${r.criterion ?? ''}`;
    if (seen.has(key)) add(at, `${r.panelist} answered ${r.item} twice in round ${r.round}.`);
    seen.add(key);
    if (r.cannotJudge !== (r.value === null)) add(at, 'A response is either a rating or "cannot judge".');
    const criteria = study.criteria ?? [];
    const criterion = criteria.find((c) => c.code === r.criterion);
    if (criteria.length > 0 ? criterion === undefined : r.criterion !== undefined) {
      add(`${at}.criterion`, `The study has no criterion "${r.criterion ?? ''}".`);
      return;
    }
    const scale = criterion?.scale ?? study.scale;
    if (r.value !== null && (r.value < scale.min || r.value > scale.max)) add(`${at}.value`, `${r.value} is not on the scale ${scale.min}-${scale.max}.`);
  });
  if (input.responses !== null && input.panelists === null) add('panelists', 'Responses need the panelists they refer to.');

  input.rounds.forEach((r, i) => {
    if (r.realtime === undefined) return;
    if (r.mode !== 'realtime') add(`rounds.${i}.realtime`, `Round ${r.number} carries real-time snapshots but is not a real-time round.`);
    const numbers = new Set<string>();
    const codes = (study.criteria ?? []).map((c) => c.code);
    // Snapshots are numbered per item and criterion; a study that names none has no criterion in them, and
    // one that names a single criterion may leave it out (files written before snapshots named it).
    const checkCriterion = (at: string, code: string | undefined) => {
      if (code === undefined ? codes.length > 1 : !codes.includes(code)) add(`${at}.criterion`, `The study has no criterion "${code ?? ''}".`);
    };
    const on = (code: string | undefined) => (code === undefined ? '' : ` on ${code}`);
    r.realtime.snapshots.forEach((s, j) => {
      const at = `rounds.${i}.realtime.snapshots.${j}`;
      const key = `${s.item}@${s.version}`;
      if (!rounds.get(r.number)?.presented.has(key)) add(at, `Round ${r.number} did not present ${s.item} version ${s.version}.`);
      checkCriterion(at, s.criterion);
      const numbered = `${key}|${s.criterion ?? ''}#${s.number}`;
      if (numbers.has(numbered)) add(at, `Snapshot ${s.number} of ${s.item}${on(s.criterion)} appears twice.`);
      numbers.add(numbered);
    });
    const views = new Set<string>();
    (r.realtime.feedbackLog ?? []).forEach((v, j) => {
      const at = `rounds.${i}.realtime.feedbackLog.${j}`;
      const snapshot = `${v.item}@${v.version}|${v.criterion ?? ''}#${v.snapshot}`;
      if (!numbers.has(snapshot)) add(at, `Snapshot ${v.snapshot} of ${v.item} version ${v.version}${on(v.criterion)} is not in the file.`);
      if (!panelists.has(v.panelist)) add(at, `Panelist ${v.panelist} is not in the file.`);
      const key = `${v.panelist}|${snapshot}`;
      if (views.has(key)) add(at, `${v.panelist} is logged twice for snapshot ${v.snapshot} of ${v.item}${on(v.criterion)}.`);
      views.add(key);
    });
  });

  checkAuthored(input, { rounds, panelists, categories, add });

  const resultKeys = new Set<string>();
  input.results.forEach((r, i) => {
    const key = `${r.round}|${r.item}|${r.version}`;
    if (resultKeys.has(key)) add(`results.${i}`, `Round ${r.round} has two results for ${r.item} version ${r.version}.`);
    resultKeys.add(key);
    const round = rounds.get(r.round);
    if (!round) return add(`results.${i}`, `Round ${r.round} is not in the file.`);
    if (round.status !== 'closed') add(`results.${i}`, `Round ${r.round} has results but is not closed.`);
    if (!round.presented.has(`${r.item}@${r.version}`)) add(`results.${i}`, `Round ${r.round} did not present ${r.item} version ${r.version}.`);
  });
  const ideaRefs = new Set(input.ideas.flatMap((x) => (x.ref === undefined ? [] : [x.ref])));
  const flowKeys = new Set<string>();
  input.itemFlow.forEach((d, i) => {
    if (flowKeys.has(`${d.round}|${d.item}`)) add(`itemFlow.${i}`, `Round ${d.round} has two decisions for ${d.item}.`);
    flowKeys.add(`${d.round}|${d.item}`);
    if (!rounds.has(d.round)) add(`itemFlow.${i}.round`, `Round ${d.round} is not in the file.`);
    if (!items.has(d.item)) add(`itemFlow.${i}.item`, `Item ${d.item} is not in the file.`);
    if (d.version !== null && !versions.has(`${d.item}@${d.version}`)) add(`itemFlow.${i}.version`, `${d.item} has no version ${d.version}.`);
    for (const code of d.linked ?? []) if (!items.has(code)) add(`itemFlow.${i}.linked`, `Item ${code} is not in the file.`);
    (d.ideas ?? []).forEach((ref, j) => {
      if (!ideaRefs.has(ref)) add(`itemFlow.${i}.ideas.${j}`, `Idea ${ref} is not in the file.`);
    });
  });
  if (problems.length > 0) throw errors.validation(`The export cannot be imported: ${problems.length} problem${problems.length === 1 ? '' : 's'}.`, problems);
  checkProtocol(study.protocol, study.scale, study.attributes, study.criteria ?? []);
}

function unique(codes: string[], path: string, add: (path: string, message: string) => void): Set<string> {
  const out = new Set<string>();
  codes.forEach((code, i) => {
    if (out.has(code)) add(`${path}.${i}`, `${code} appears twice.`);
    out.add(code);
  });
  return out;
}

function knownTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

interface AuthoredContext {
  rounds: ReadonlyMap<number, { presented: Set<string>; kind: string }>;
  panelists: ReadonlySet<string>;
  categories: ReadonlySet<string>;
  add: (path: string, message: string) => void;
}

/** Since 1.4.0: comments sit on an answer in the file, ideas on a round and panelist, and the rewordings cite comments that exist. */
function checkAuthored(input: StudyExport, { rounds, panelists, categories, add }: AuthoredContext): void {
  const answers = new Set((input.responses ?? []).map((r) => `${r.round}|${r.panelist}|${r.item}@${r.version}|${r.criterion ?? ''}`));
  const refs = new Set<string>();
  const onAnswer = new Set<string>();
  input.comments.forEach((c, i) => {
    if (c.ref !== undefined) {
      if (refs.has(c.ref)) add(`comments.${i}.ref`, `${c.ref} appears twice.`);
      refs.add(c.ref);
    }
    if (!rounds.get(c.round)?.presented.has(`${c.item}@${c.version}`)) add(`comments.${i}`, `Round ${c.round} did not present ${c.item} version ${c.version}.`);
    if (c.panelist === undefined) return;
    if (!panelists.has(c.panelist)) return add(`comments.${i}.panelist`, `Panelist ${c.panelist} is not in the file.`);
    const key = `${c.round}|${c.panelist}|${c.item}@${c.version}|${c.criterion ?? ''}`;
    if (!answers.has(key)) add(`comments.${i}`, `${c.panelist} has no answer to ${c.item} in round ${c.round} for the comment to sit on.`);
    else if (onAnswer.has(key)) add(`comments.${i}`, `${c.panelist} has two comments on one answer to ${c.item} in round ${c.round}.`);
    onAnswer.add(key);
  });
  input.items.forEach((item, i) =>
    item.versions.forEach((v, j) =>
      (v.promptedBy ?? []).forEach((p, k) => {
        if (p.ref !== undefined && !refs.has(p.ref)) add(`items.${i}.versions.${j}.promptedBy.${k}.ref`, `Comment ${p.ref} is not in the file.`);
      }),
    ),
  );
  const ideaRefs = new Set<string>();
  input.ideas.forEach((x, i) => {
    if (x.ref !== undefined) {
      if (ideaRefs.has(x.ref)) add(`ideas.${i}.ref`, `${x.ref} appears twice.`);
      ideaRefs.add(x.ref);
    }
    if (!rounds.has(x.round)) add(`ideas.${i}.round`, `Round ${x.round} is not in the file.`);
    if (x.category !== null && !categories.has(x.category)) add(`ideas.${i}.category`, `Unknown category ${x.category}.`);
    if (x.panelist !== undefined && !panelists.has(x.panelist)) add(`ideas.${i}.panelist`, `Panelist ${x.panelist} is not in the file.`);
  });
  const templates = new Set<string>();
  (input.emailTemplates ?? []).forEach((t, i) => {
    if (!input.study.languages.includes(t.language)) add(`emailTemplates.${i}.language`, `"${t.language}" is not a language of the study.`);
    if (templates.has(`${t.language}|${t.kind}`)) add(`emailTemplates.${i}`, `The ${t.kind} e-mail in ${t.language} appears twice.`);
    templates.add(`${t.language}|${t.kind}`);
  });
  (input.panelists ?? []).forEach((p, i) => {
    if (p.language !== undefined && !input.study.languages.includes(p.language))
      add(`panelists.${i}.language`, `"${p.language}" is not a language of the study.`);
  });
}
