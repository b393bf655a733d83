import { describe, expect, it } from 'vitest';
import { fromZonedInput, toZonedInput, zoneAbbreviation } from './zoned-time';

describe('toZonedInput', () => {
  it.each([
    ['2026-03-02T17:00:00.000Z', 'Europe/London', '2026-03-02T17:00'],
    ['2026-07-02T17:00:00.000Z', 'Europe/London', '2026-07-02T18:00'],
    ['2026-07-02T17:00:00.000Z', 'Europe/Berlin', '2026-07-02T19:00'],
    ['2026-07-02T17:00:00.000Z', 'America/New_York', '2026-07-02T13:00'],
    ['2026-12-31T23:30:00.000Z', 'Asia/Kolkata', '2027-01-01T05:00'],
    ['2026-03-02T00:00:00+01:00', 'UTC', '2026-03-01T23:00'],
  ])('%s in %s -> %s', (iso, zone, local) => {
    expect(toZonedInput(iso, zone)).toBe(local);
  });

  it('gives an empty value for no time or an unreadable one', () => {
    expect(toZonedInput(null, 'Europe/London')).toBe('');
    expect(toZonedInput('not a date', 'Europe/London')).toBe('');
  });
});

describe('fromZonedInput', () => {
  it.each([
    ['2026-03-02T17:00', 'Europe/London', '2026-03-02T17:00:00.000Z'],
    ['2026-07-02T18:00', 'Europe/London', '2026-07-02T17:00:00.000Z'],
    ['2026-07-02T19:00', 'Europe/Berlin', '2026-07-02T17:00:00.000Z'],
    ['2026-07-02T13:00', 'America/New_York', '2026-07-02T17:00:00.000Z'],
    ['2027-01-01T05:00', 'Asia/Kolkata', '2026-12-31T23:30:00.000Z'],
    ['2026-03-02T17:00', 'UTC', '2026-03-02T17:00:00.000Z'],
  ])('%s in %s -> %s', (local, zone, iso) => {
    expect(fromZonedInput(local, zone)).toBe(iso);
  });

  it('round-trips with toZonedInput', () => {
    for (const zone of ['Europe/London', 'Europe/Paris', 'America/Los_Angeles', 'Australia/Sydney', 'Asia/Kathmandu']) {
      for (const iso of ['2026-01-15T09:45:00.000Z', '2026-06-30T23:59:00.000Z', '2026-10-01T00:00:00.000Z']) {
        expect(fromZonedInput(toZonedInput(iso, zone), zone), `${iso} ${zone}`).toBe(iso);
      }
    }
  });

  it('reads the repeated hour when clocks go back as its first occurrence', () => {
    // London, 25 Oct 2026: 01:00-02:00 BST, then 01:00-02:00 GMT again.
    expect(fromZonedInput('2026-10-25T01:30', 'Europe/London')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('reads the skipped hour when clocks go forward with the offset before the change', () => {
    // London, 29 Mar 2026: 01:00 GMT jumps to 02:00 BST; 01:30 does not exist.
    expect(fromZonedInput('2026-03-29T01:30', 'Europe/London')).toBe('2026-03-29T01:30:00.000Z');
  });

  it.each(['', '   ', '2026-03-02', '2026-03-02 17:00', '2026-02-30T10:00', '2026-03-02T25:00', 'tomorrow'])('refuses %j', (local) => {
    expect(fromZonedInput(local, 'Europe/London')).toBeNull();
  });
});

describe('zoneAbbreviation', () => {
  it('names the zone as people read it', () => {
    expect(zoneAbbreviation('Europe/London', new Date('2026-01-10T12:00:00Z'))).toBe('GMT');
    expect(zoneAbbreviation('Europe/London', new Date('2026-07-10T12:00:00Z'))).toBe('BST');
    expect(zoneAbbreviation('UTC', new Date('2026-07-10T12:00:00Z'))).toBe('UTC');
  });
});
