import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePort } from '../helpers/ports';
export { freePort };

export interface Running {
  child: ChildProcess;
  port: number;
  base: string;
  stop(): Promise<void>;
}

/** Starts a TypeScript entry point as its own process (node with tsx's loader) and waits for `ready` to answer. */
export async function startProcess(entry: string, args: string[], env: Record<string, string>, readyPath: string): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', ...(env.CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${env.CPU_PROF}`] : []), entry, ...args], {
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 1200; i++) {
    try {
      if ((await fetch(`${base}${readyPath}`)).ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 50));
    if (i === 1199) throw new Error(`${entry} did not start`);
  }
  return {
    child,
    port,
    base,
    async stop() {
      child.kill('SIGINT');
      await exited;
    },
  };
}

/** Resident memory of a process in MB, from /proc. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}
