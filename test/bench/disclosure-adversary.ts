/**
 * The long run of the disclosure adversary (quality.md "Insiders are attackers too"); `npm test`
 * runs 300 seeded panels, this as many as asked:
 *   npx tsx test/bench/disclosure-adversary.ts --panels 20000 [--seed 1]
 * Prints how many panels it tried, how many leaks it found, and the first leak in full. Exits 1 on a leak.
 */
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { attack, panelArb, publishWithModule } from '../stats/disclosure-adversary';

const { values } = parseArgs({ options: { panels: { type: 'string', default: '20000' }, seed: { type: 'string', default: '1' } } });
const panels = Number(values.panels);
const seed = Number(values.seed);
let leaks = 0;
let first: string | undefined;
const started = performance.now();
for (const panel of fc.sample(panelArb, { numRuns: panels, seed })) {
  const leak = attack(panel, publishWithModule);
  if (!leak) continue;
  leaks++;
  first ??= JSON.stringify({ panel, leak: { ...leak, recovered: [...leak.recovered] } });
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stdout.write(`disclosure adversary: ${panels} panels tried (seed ${seed}), ${leaks} leaks found, ${seconds} s\n`);
if (first) process.stdout.write(`first leak: ${first}\n`);
process.exitCode = leaks === 0 ? 0 : 1;
