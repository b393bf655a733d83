import type { ReportData } from '../../report-data';
import type { Section } from '../blocks';

/** §10 item 10 and §11: the software and library versions that produced the numbers. */
export function softwareSection(data: ReportData): Section {
  const v = data.software;
  return {
    id: 'software',
    title: 'Software and versions',
    blocks: [
      {
        kind: 'p',
        text:
          `Produced by ${v.service.name} ${v.service.version}. The statistics engine is the service's own api/stats module (quantiles, RAND/UCLA, ` +
          `consensus rules, stability, subgroup tests and Kendall's W are implemented there); ` +
          'the probability distributions behind its p-values come from the @stdlib packages listed. Versions are read from the installed packages ' +
          'when the report is generated.',
      },
      {
        kind: 'p',
        text:
          `${v.service.name} is free software under the GNU Affero General Public License (${v.service.license}): ` +
          'anyone may read, check and rerun the code that produced these numbers.',
      },
      {
        kind: 'table',
        head: ['Software', 'Version', 'Used for'],
        rows: [
          [v.service.name, v.service.version, 'the service'],
          [v.engine.name, v.engine.version, 'every statistic, verdict and test in this report'],
          ['Node.js', v.node, 'runtime'],
          ...v.libraries.map((l) => [l.name, l.version, l.role]),
        ],
      },
    ],
  };
}
