import type { Preset, Protocol } from '../console/console-api';

export const PRESET_TITLES: Record<string, string> = {
  pct75: '75% agree',
  pct75_iqr: '75% agree and a narrow spread',
  grade_70_15: 'GRADE: 70% agree, under 15% disagree',
  rand_ipras: 'RAND/UCLA with IPRAS',
  rand_classic: 'RAND/UCLA, classic count',
  delphistar_75_top2: '75% in the top two points',
};

/** The preset whose rules the protocol uses, if any (the server reads presets in plain words). */
export function matchingPreset(protocol: Protocol, presets: Preset[]): Preset | null {
  const key = (p: Protocol) => JSON.stringify({ rules: p.rules, bands: p.bands, defaultOutcome: p.defaultOutcome ?? 'no_consensus' });
  return presets.find((p) => key(p.protocol) === key(protocol)) ?? null;
}

/** The guard before any rule, in words. */
export function guardReading(protocol: Protocol): string {
  const n = protocol.minValidN ?? 5;
  const share = Math.round(100 * (protocol.maxNoOpinionShare ?? 0.5));
  return `No verdict (insufficient data) when an item has fewer than ${n} valid ratings or more than ${share}% answered “cannot judge”.`;
}
