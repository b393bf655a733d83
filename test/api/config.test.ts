import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigSchema, loadConfig, publicUrl } from '../../api/config';

describe('configuration', () => {
  it('uses the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', DATABASE_URL: 'file:data/delphi.db' });
    expect(publicUrl(c)).toBe('http://127.0.0.1:3000');
  });

  it('stops with a message naming each bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(
      /PORT: PORT must be a number[\s\S]*DATABASE_URL: DATABASE_URL must be file:<path> \(SQLite[\s\S]*or postgres:\/\//,
    );
    expect(loadConfig({ DATABASE_URL: 'postgres://delphi:secret@db.example.org:5432/delphi' }).DATABASE_URL).toMatch(/^postgres:/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT must be between 1 and 65535/);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE must be at least 1/);
    expect(loadConfig({ DATABASE_POOL_SIZE: '25' }).DATABASE_POOL_SIZE).toBe(25);
  });

  it('reads TRUST_PROXY as off, a hop count or proxy addresses, and refuses trusting everyone', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,fd00::/8' }).TRUST_PROXY).toEqual(['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: TRUST_PROXY must be 0 \(off\), the number of proxies/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY must be/);
    expect(loadConfig({}).ONE_TIME_PASSWORD_TTL_HOURS).toBe(24);
    expect(loadConfig({ ONE_TIME_PASSWORD_TTL_HOURS: '2' }).ONE_TIME_PASSWORD_TTL_HOURS).toBe(2);
    expect(() => loadConfig({ ONE_TIME_PASSWORD_TTL_HOURS: '0' })).toThrow(/ONE_TIME_PASSWORD_TTL_HOURS must be at least 1/);
  });
});

describe('the documented settings', () => {
  // Read from the schema, so a setting added to api/config.ts fails here until it is documented.
  const schemaKeys = Object.keys(ConfigSchema.shape).sort();
  const keysIn = (text: string, pattern: RegExp) => [...new Set([...text.matchAll(pattern)].map((m) => m[1]))].sort();

  it('.env.example lists every setting of the configuration schema and nothing else', () => {
    expect(keysIn(readFileSync('.env.example', 'utf8'), /^#?\s*([A-Z][A-Z0-9_]*)=/gm)).toEqual(schemaKeys);
  });

  it("the README's configuration table lists every setting of the schema and nothing else", () => {
    const readme = readFileSync('README.md', 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1));
    expect(keysIn(table, /^\| `([A-Z][A-Z0-9_]*)` \|/gm)).toEqual(schemaKeys);
  });

  it('every value in .env.example passes the schema', () => {
    const env = Object.fromEntries([...readFileSync('.env.example', 'utf8').matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1], m[2]]));
    expect(() => loadConfig(env)).not.toThrow();
  });
});

describe('operations settings', () => {
  it('checks DEMO, SHUTDOWN_TIMEOUT_SECONDS and SOURCE_URL', () => {
    expect(loadConfig({})).toMatchObject({ DEMO: 'on', SHUTDOWN_TIMEOUT_SECONDS: 20 });
    expect(loadConfig({}).SOURCE_URL).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { repository: { url: string } }).repository.url);
    expect(() => loadConfig({ DEMO: 'no' })).toThrow(/DEMO must be on or off/);
    expect(() => loadConfig({ SHUTDOWN_TIMEOUT_SECONDS: '0' })).toThrow(/SHUTDOWN_TIMEOUT_SECONDS must be at least 1/);
    expect(() => loadConfig({ SOURCE_URL: 'ftp://example.org/src' })).toThrow(/SOURCE_URL must be an http\(s\) address/);
  });
});
