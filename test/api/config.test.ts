import { describe, expect, it } from 'vitest';
import { loadConfig, publicUrl } from '../../api/config';

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
