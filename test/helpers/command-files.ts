/** Input files and captured output for tests of the file commands (stats, concordance, relations). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { CommandIO } from '../../api/commands/command-io';

/** A temporary folder removed after the test file; `csv(lines)` writes one file there and returns its path. */
export function csvFiles(prefix: string): { dir: string; csv: (lines: string[]) => string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let counter = 0;
  return {
    dir,
    csv: (lines) => {
      const path = join(dir, `f${counter++}.csv`);
      writeFileSync(path, `${lines.join('\n')}\n`);
      return path;
    },
  };
}

/** Runs a command in memory against the real file system; returns its exit code and output. */
export async function runCommand(command: (args: string[], io: CommandIO) => Promise<number>, args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CommandIO = { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), readFile: (p) => readFile(p, 'utf8') };
  const code = await command(args, io);
  return { code, stdout, stderr };
}
