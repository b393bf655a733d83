import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app';
import { loadConfig } from '../../api/config';
import { BASE_URL, cookieFrom, freshDatabase, panelistsCsv, studyBody } from '../helpers/build';
import { freePort } from '../helpers/ports';
import { createFacilitator } from '../../api/services/facilitator-service';

/**
 * The service behind a real nginx (Debian's package), configured like the README's example, with
 * TRUST_PROXY naming the proxy. The test's requests stand for clients arriving through a TLS
 * load balancer in front of nginx: they carry the X-Forwarded-For and X-Forwarded-Proto that the
 * balancer would set, and nginx adds its own hop.
 */
const NGINX = '/usr/sbin/nginx';

let app: FastifyInstance;
let nginx: ChildProcess | undefined;
let dir: string;
let origin: string;
let tokens: string[];

function nginxConfig(listen: number, upstream: number): string {
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path ${dir}/body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    client_max_body_size 128m;
    # Behind a TLS load balancer nginx passes on the scheme the client used.
    map $http_x_forwarded_proto $client_proto { default $scheme; https https; }
    server {
        listen 127.0.0.1:${listen};
        proxy_http_version 1.1;
        location / {
            proxy_pass http://127.0.0.1:${upstream};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $client_proto;
            proxy_set_header X-Forwarded-Host $http_host;
        }
    }
}
`;
}

async function waitForPort(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`nginx did not listen on ${port} within ${ms} ms:\n${readFileSync(join(dir, 'error.log'), 'utf8')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} is missing: this test needs Debian's nginx package (apt-get install nginx).`);
  const db = await freshDatabase();
  app = await buildApp({ db, publicUrl: BASE_URL, trustProxy: loadConfig({ TRUST_PROXY: '127.0.0.1, ::1' }).TRUST_PROXY });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const upstream = (app.server.address() as AddressInfo).port;

  const { oneTimePassword } = await createFacilitator(db, { email: 'owner@example.org', mustChangePassword: false }, null);
  const signIn = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'owner@example.org', password: oneTimePassword } });
  const cookie = cookieFrom(signIn, 'delphi_facilitator');
  const study = (await app.inject({ method: 'POST', url: '/api/studies', headers: { cookie }, payload: studyBody })).json();
  const imported = (
    await app.inject({ method: 'POST', url: `/api/studies/${study.id}/panelists/import`, headers: { cookie }, payload: { csv: panelistsCsv(3) } })
  ).json();
  tokens = imported.invitations.map((i: { link: string }) => i.link.split('#')[1]);

  dir = mkdtempSync(join(tmpdir(), 'delphi-nginx-'));
  const listen = await freePort();
  writeFileSync(join(dir, 'nginx.conf'), nginxConfig(listen, upstream));
  nginx = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: 'ignore' });
  await waitForPort(listen, 5000);
  origin = `http://127.0.0.1:${listen}`;
}, 30_000);

afterAll(async () => {
  if (nginx?.exitCode === null) {
    const exited = new Promise((resolve) => nginx!.once('exit', resolve));
    nginx.kill('SIGTERM');
    await exited;
  }
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const exchange = (token: string, headers: Record<string, string>) =>
  fetch(`${origin}/api/panelist/session`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ token }) });

describe('finding 4: one client can lock everyone out (behind nginx)', () => {
  it('tells clients apart by X-Forwarded-For with TRUST_PROXY set, so one guesser locks out only itself', async () => {
    const guesser = { 'x-forwarded-for': '203.0.113.10' };
    const codes = [];
    for (let i = 0; i < 11; i++) codes.push((await exchange(`wrong-token-${i}`, guesser)).status);
    expect(codes).toEqual([...Array(10).fill(401), 429]);
    expect((await exchange(tokens[0], guesser)).status).toBe(429);
    const panelist = { 'x-forwarded-for': '198.51.100.20' };
    expect((await exchange('another-wrong-token', panelist)).status).toBe(401);
    expect((await exchange(tokens[1], panelist)).status).toBe(200);
  });

  it('marks the session cookie Secure when the client connection was https, and only then', async () => {
    const https = await exchange(tokens[2], { 'x-forwarded-for': '198.51.100.30', 'x-forwarded-proto': 'https' });
    expect(https.status).toBe(200);
    expect(https.headers.getSetCookie().find((c) => c.startsWith('delphi_panelist='))).toMatch(/;\s*Secure/i);
    const plain = await exchange(tokens[2], { 'x-forwarded-for': '198.51.100.30' });
    expect(plain.status).toBe(200);
    expect(plain.headers.getSetCookie().find((c) => c.startsWith('delphi_panelist='))).not.toMatch(/;\s*Secure/i);
  });
});
