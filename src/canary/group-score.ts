import type { Classification } from './judge.ts';

/** What the group score needs of a judged metric. */
export interface GroupedResult {
  group: string;
  classification: Classification;
  weight: number;
}

/**
 * Kayenta's weighted-sum score over metric groups (facts from its WeightedSumScorer): each group scores the
 * (weighted) share of its metrics that pass, NoData metrics left out, and a group with no data counts 100;
 * the summary is Σ group score × its weight / 100, where groups without a weight share what the given
 * weights leave of 100 equally. Rounded to two decimals. Pure.
 */
export function weightedGroupScore(
  results: readonly GroupedResult[],
  groupWeights: Readonly<Record<string, number>>,
): number {
  const groups = new Map<string, { passed: number; counted: number }>();
  for (const result of results) {
    const group = groups.get(result.group) ?? { passed: 0, counted: 0 };
    groups.set(result.group, group);
    if (result.classification === 'NoData') continue;
    group.counted += result.weight;
    if (result.classification === 'Pass') group.passed += result.weight;
  }
  const given = Object.values(groupWeights).reduce((sum, weight) => sum + weight, 0);
  const unweighted = [...groups.keys()].filter((name) => groupWeights[name] === undefined).length;
  const shared = unweighted === 0 ? 0 : (100 - given) / unweighted;
  let score = 0;
  for (const [name, group] of groups) {
    const groupScore = group.counted === 0 ? 100 : (group.passed / group.counted) * 100;
    score += groupScore * ((groupWeights[name] ?? shared) / 100);
  }
  return Math.round(score * 100) / 100;
}
