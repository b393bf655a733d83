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
});
