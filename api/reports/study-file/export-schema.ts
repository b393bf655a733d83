/**
 * The published JSON Schema of the study export, generated from the zod contract. The committed
 * copy (study-export.schema.json beside this file) is what /api/schemas/study-export.json serves;
 * a test fails when the two drift. Regenerate with: npx tsx api/reports/study-file/export-schema.ts --write
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { STUDY_EXPORT_SCHEMA_ID, STUDY_EXPORT_SCHEMA_VERSION, StudyExportSchema } from '../../schemas/study-export';

export const SCHEMA_FILE = fileURLToPath(new URL('./study-export.schema.json', import.meta.url));

export function studyExportJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(StudyExportSchema, { target: 'draft-2020-12', io: 'output' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: STUDY_EXPORT_SCHEMA_ID,
    title: `Delphi study export, version ${STUDY_EXPORT_SCHEMA_VERSION}`,
    description:
      'A whole Delphi study as exported by delphi-panel: protocol, items and versions, rounds, pseudonymised panelists and responses, frozen results, ' +
      'item flow and an audit summary. schemaVersion follows semantic versioning.',
    ...rest,
  };
}

let published: string | undefined;

/** The committed schema file as text, read once. */
export function publishedSchema(): string {
  published ??= readFileSync(SCHEMA_FILE, 'utf8');
  return published;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv.includes('--write')) {
  writeFileSync(SCHEMA_FILE, `${JSON.stringify(studyExportJsonSchema(), null, 2)}\n`);
  process.stdout.write(`Wrote ${SCHEMA_FILE}\n`);
}
