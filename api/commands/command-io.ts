import { readFile } from 'node:fs/promises';

/** What a CLI command may touch: output streams and file reading, so tests can run it in memory. */
export interface CommandIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readFile: (path: string) => Promise<string>;
}

/** The real process: stdout, stderr and the file system (UTF-8). */
export const processIO: CommandIO = {
  stdout: (s) => {
    process.stdout.write(s);
  },
  stderr: (s) => {
    process.stderr.write(s);
  },
  readFile: (path) => readFile(path, 'utf8'),
};
