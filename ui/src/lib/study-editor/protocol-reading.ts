import type { Preset, Protocol } from '../console/console-api';
import { consoleI18n, t } from '../../i18n/console.svelte';
import type { ConsoleKey } from '../../i18n/console/en';

const PRESET_TITLES: Record<string, ConsoleKey> = {
  pct75: 'preset.pct75',
  pct75_iqr: 'preset.pct75_iqr',
  grade_70_15: 'preset.grade_70_15',
  rand_ipras: 'preset.rand_ipras',
  rand_classic: 'preset.rand_classic',
  delphistar_75_top2: 'preset.delphistar_75_top2',
};

/** A preset's name in the console language; an unknown preset (from a newer server) by its machine name. */
export const presetTitle = (name: string): string => (name in PRESET_TITLES ? t(PRESET_TITLES[name]) : name);

/** The preset whose rules the protocol uses, if any (the server reads presets in plain words). */
export function matchingPreset(protocol: Protocol, presets: Preset[]): Preset | null {
  const key = (p: Protocol) => JSON.stringify({ rules: p.rules, bands: p.bands, defaultOutcome: p.defaultOutcome ?? 'no_consensus' });
  return presets.find((p) => key(p.protocol) === key(protocol)) ?? null;
}

/** The guard before any rule, in words. */
export function guardReading(protocol: Protocol): string {
  const n = protocol.minValidN ?? 5;
  const share = consoleI18n.number(Math.round(100 * (protocol.maxNoOpinionShare ?? 0.5)));
  return t('protocol.guard', { n, share });
}
