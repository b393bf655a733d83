import { spawn, type ChildProcess } from 'node:child_process';

export interface ServerProcess {
  child: ChildProcess;
  /** Settles when the process has ended, however it ended. */
  exited: Promise<unknown>;
}

/**
 * Starts `api/cli.ts serve` over a database file on a port, as one process (node with tsx's
 * loader) so that a SIGKILL hits the server itself and not a wrapper; resolves once /api/health
 * answers.
 */
export async function serveDatabaseFile(dbFile: string, port: number, timeoutMs = 60_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/cli.ts', 'serve'], {
    env: { ...process.env, DATABASE_URL: `file:${dbFile}`, PORT: String(port), LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  const exited = new Promise((r) => child.once('exit', r));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    const up = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { child, exited };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}
