/** Participation and attrition per round and subgroup (consensus-methods.md §9). */

export interface ParticipationPanelist {
  panelist: string;
  /** Invited to (eligible for) this round. */
  invited: boolean;
  /** Items answered with a VALID rating or "cannot judge". */
  answeredCount: number;
  /** Items presented to this panelist this round. */
  presentedCount: number;
  /** Dimension → group value. */
  groups: Record<string, string>;
}

export interface ParticipationInput {
  rounds: { round: number; panelists: ParticipationPanelist[] }[];
  /** Dimensions to break the figures down by (default: none). */
  dimensions?: string[];
}

/** Counts, and rates as proportions in [0, 1] (null when the denominator is 0 or undefined). */
export interface ParticipationFigures {
  invited: number;
  /** Invited panelists with at least one VALID or "cannot judge" answer. */
  responded: number;
  /** Invited panelists who answered every item presented to them (at least one). */
  completed: number;
  /** responded / invited. */
  responseRate: number | null;
  /** responded_r / responded in the first round. */
  retention: number | null;
  /** 1 − responded_r / responded_{r−1}; null in the first round. */
  attrition: number | null;
  /** responded_r / invited in the first round ("of those originally invited"). */
  cumulativeResponse: number | null;
}

export interface ParticipationRound extends ParticipationFigures {
  round: number;
  /** dimension → group value → figures (the group's own first round and previous round as bases). */
  groups: Record<string, Record<string, ParticipationFigures>>;
}

export interface ParticipationReport {
  rounds: ParticipationRound[];
  dimensions: string[];
}

/**
 * §9 figures per round (sorted by round number) and per subgroup, so that differential attrition
 * is visible. Example P-1: 30 invited, 24 respond; 24 invited to round 2, 20 respond → response
 * rate 0.833, retention 0.833, attrition 0.167, cumulative 0.667.
 * Only invited panelists count, so attrition counts only panelists eligible in round r.
 */
export function participation(input: ParticipationInput): ParticipationReport {
  const dimensions = input.dimensions ?? [];
  const rounds = [...input.rounds].sort((a, b) => a.round - b.round);
  const counts = rounds.map((r) => countOf(r.panelists));
  const out: ParticipationRound[] = rounds.map((r, i) => {
    const groups: ParticipationRound['groups'] = {};
    for (const dimension of dimensions) {
      const values = new Set<string>();
      for (const round of rounds) for (const p of round.panelists) if (p.groups[dimension]) values.add(p.groups[dimension]);
      groups[dimension] = {};
      for (const value of [...values].sort()) {
        const series = rounds.map((round) => countOf(round.panelists.filter((p) => p.groups[dimension] === value)));
        groups[dimension][value] = figures(series, i);
      }
    }
    return { round: r.round, ...figures(counts, i), groups };
  });
  return { rounds: out, dimensions: [...dimensions] };
}

interface Counts {
  invited: number;
  responded: number;
  completed: number;
}

function countOf(panelists: readonly ParticipationPanelist[]): Counts {
  let invited = 0;
  let responded = 0;
  let completed = 0;
  for (const p of panelists) {
    if (!p.invited) continue;
    invited++;
    if (p.answeredCount > 0) responded++;
    if (p.presentedCount > 0 && p.answeredCount >= p.presentedCount) completed++;
  }
  return { invited, responded, completed };
}

function figures(series: readonly Counts[], i: number): ParticipationFigures {
  const c = series[i];
  const first = series[0];
  return {
    ...c,
    responseRate: ratio(c.responded, c.invited),
    retention: ratio(c.responded, first.responded),
    attrition: i === 0 ? null : complement(ratio(c.responded, series[i - 1].responded)),
    cumulativeResponse: ratio(c.responded, first.invited),
  };
}

function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

function complement(x: number | null): number | null {
  return x === null ? null : 1 - x;
}
