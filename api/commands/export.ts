/**
 * `export` and `import`: the consensus report and the data exports from the command line (the
 * same code as the HTTP routes), and restoring a JSON study export into this instance.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { openDatabase, type Db } from '../../db/client';
import { runMigrations } from '../../db/migrate';
import { ConfigError, loadConfig } from '../config';
import { DelphiError } from '../errors';
import { StudyExportSchema } from '../schemas/study-export';
import { findStudyByRef } from '../repositories/studies';
import { findFirstAdmin } from '../repositories/reports';
import { EXPORT_FORMATS, exportStudy, type ExportFormat } from '../reports/exports';
import { importStudy } from '../reports/study-file/json-import';
import type { CommandIO } from './command-io';
import { errorMessage } from '../error-message';

const EXPORT_USAGE = `Usage: npm run cli -- export --study ID_OR_SLUG --format html|pdf|xlsx|csv|json|relations-csv|rankings-csv|ranks-csv --out FILE
                                 [--round N] [--full-archive]

  --study   the study's id or slug
  --format  html or pdf: the consensus report; xlsx: all data; csv: responses in long format;
            json: the whole study, for another instance (schema: /api/schemas/study-export.json);
            relations-csv: the relations blocks' statistics and matrices in long format;
            rankings-csv: the ranking blocks' mean ranks and W, the rows of the XLSX Rankings sheet;
            ranks-csv: each panelist's ranks in long format, coarsened as the csv
  --out     where to write the file
  --round   html and pdf only: the report after round N (rounds 1..N)
  --full-archive  json only: add the e-mail addresses of panel and team and every attribute,
            for moving a study to another server (refused in strict anonymity)

Exit codes: 0 written, 1 no such study or bad data, 2 usage or configuration.`;

const IMPORT_USAGE = `Usage: npm run cli -- import FILE

Restores a JSON study export as a new study (a new slug if its own is taken). The first
administrator becomes the owner (nobody if there is none yet). Panelists come in as their export
codes without e-mail or link. Every closed round is recomputed and compared with the imported results.

Exit codes: 0 imported, 1 the file cannot be imported, 2 usage or configuration.`;

export async function exportCommand(args: string[], io: CommandIO): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args,
      options: {
        study: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        round: { type: 'string' },
        'full-archive': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (e) {
    return usage(io, EXPORT_USAGE, errorMessage(e));
  }
  if (values.help) return (io.stdout(`${EXPORT_USAGE}\n`), 0);
  if (!values.study || !values.format || !values.out) return usage(io, EXPORT_USAGE, '--study, --format and --out are required');
  if (!EXPORT_FORMATS.includes(values.format as ExportFormat))
    return usage(io, EXPORT_USAGE, `--format must be one of ${EXPORT_FORMATS.join(', ')}, not "${values.format}"`);
  if (values.round !== undefined && !/^[1-9]\d{0,3}$/.test(values.round))
    return usage(io, EXPORT_USAGE, `--round must be a round number, not "${values.round}"`);
  const format = values.format as ExportFormat;
  if (values['full-archive'] && format !== 'json') return usage(io, EXPORT_USAGE, '--full-archive is for --format json only');
  const out = values.out;
  return await withDatabase(io, async (db) => {
    const study = await findStudyByRef(db, values.study!);
    if (!study) {
      io.stderr(`No study with the id or slug "${values.study}".\n`);
      return 1;
    }
    const bar = process.stdout.isTTY
      ? new cliProgress.SingleBar(
          { format: `${format.toUpperCase()} |{bar}| {percentage}% {stage}`, hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        )
      : null;
    bar?.start(100, 0, { stage: 'starting' });
    try {
      const file = await exportStudy(db, study, format, {
        upToRound: values.round === undefined ? null : Number(values.round),
        nowIso: new Date().toISOString(),
        facilitatorId: null,
        archive: values['full-archive'] ? 'full' : 'default',
        onProgress: (stage, fraction) => bar?.update(Math.round(100 * fraction), { stage }),
      });
      bar?.stop();
      await writeFile(out, file.body);
      const size = Buffer.byteLength(file.body);
      io.stdout(
        `Wrote ${out} (${format}, ${size < 1024 * 1024 ? `${Math.ceil(size / 1024)} KB` : `${(size / 1024 / 1024).toFixed(1)} MB`}) for study ${study.slug}.\n`,
      );
      if (file.aggregateOnly) io.stdout('The study runs in strict anonymity mode: the file holds aggregate results only, no per-person responses.\n');
      return 0;
    } catch (e) {
      // A refusal (a full archive of a study in strict anonymity) is the user's to read, not a crash.
      if (!(e instanceof DelphiError)) throw e;
      io.stderr(`${e.message}\n`);
      return 1;
    } finally {
      bar?.stop();
    }
  });
}

export async function importCommand(args: string[], io: CommandIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { help: { type: 'boolean' } } });
  } catch (e) {
    return usage(io, IMPORT_USAGE, errorMessage(e));
  }
  if (parsed.values.help) return (io.stdout(`${IMPORT_USAGE}\n`), 0);
  if (parsed.positionals.length !== 1) return usage(io, IMPORT_USAGE, 'give exactly one FILE');
  const path = parsed.positionals[0];
  let input: unknown;
  try {
    input = JSON.parse(await io.readFile(path));
  } catch (e) {
    io.stderr(`Cannot read ${path} as JSON: ${errorMessage(e)}\n`);
    return 1;
  }
  const checked = StudyExportSchema.safeParse(input);
  if (!checked.success) {
    io.stderr(`${path} is not a study export (schema version 1.x):\n`);
    for (const issue of checked.error.issues.slice(0, 20)) io.stderr(`  ${issue.path.join('.') || '(top)'}: ${issue.message}\n`);
    if (checked.error.issues.length > 20) io.stderr(`  and ${checked.error.issues.length - 20} more\n`);
    return 1;
  }
  return await withDatabase(io, async (db) => {
    const owner = (await findFirstAdmin(db)) ?? null;
    try {
      const outcome = await importStudy(db, checked.data, owner?.id ?? null, new Date().toISOString());
      const { counts, verification } = outcome;
      io.stdout(`Imported "${outcome.study.title}" (id ${outcome.study.id}), owner: ${owner ? owner.email : 'none (no administrator yet)'}.\n`);
      io.stdout(`${counts.items} items, ${counts.rounds} rounds, ${counts.panelists} panelists, ${counts.responses} responses, ${counts.results} results.\n`);
      if (verification) {
        io.stdout(
          verification.identical
            ? `Recomputed ${verification.roundsChecked} closed round(s): identical to the imported results.\n`
            : `Recomputed ${verification.roundsChecked} closed round(s): ${verification.differences.length} difference(s), first at round ` +
                `${verification.differences[0].round}, ${verification.differences[0].where}, ${verification.differences[0].path}.\n`,
        );
      }
      for (const note of outcome.notes) io.stdout(`Note: ${note}\n`);
      io.stdout(`Slug: ${outcome.study.slug}\n`);
      return verification === null || verification.identical ? 0 : 1;
    } catch (e) {
      if (!(e instanceof DelphiError)) throw e;
      io.stderr(`${e.message}\n`);
      const problems =
        (e.details as { problems?: { path?: string; message: string }[] } | undefined)?.problems ??
        (Array.isArray(e.details) ? (e.details as { path?: string; message: string }[]) : []);
      for (const p of problems.slice(0, 20)) io.stderr(`  ${p.path ?? ''}: ${p.message}\n`);
      return 1;
    }
  });
}

async function withDatabase(io: CommandIO, run: (db: Db) => Promise<number>): Promise<number> {
  let db: Db;
  try {
    const cfg = loadConfig();
    db = await openDatabase({ url: cfg.DATABASE_URL, allowWeakDurability: cfg.ALLOW_WEAK_DURABILITY });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    io.stderr(`${e.message}\n`);
    return 2;
  }
  try {
    await runMigrations(db);
    return await run(db);
  } finally {
    await db.close();
  }
}

function usage(io: CommandIO, text: string, problem: string): number {
  io.stderr(`${problem}\n\n${text}\n`);
  return 2;
}
