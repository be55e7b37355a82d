import { describe, expect, it } from 'vitest';
import { type GroupedResult, weightedGroupScore } from './group-score.ts';
import { judgeCanary } from './judge.ts';

const result = (group: string, classification: GroupedResult['classification'], weight = 1) => ({
  group,
  classification,
  weight,
});

describe('weightedGroupScore (Kayenta WeightedSumScorer)', () => {
  it('weighs each group by its share of 100', () => {
    // errors: 1 of 2 pass = 50, latency: 1 of 1 = 100; 50 × 0.7 + 100 × 0.3 = 65.
    const score = weightedGroupScore(
      [result('errors', 'Pass'), result('errors', 'High'), result('latency', 'Pass')],
      { errors: 70, latency: 30 },
    );
    expect(score).toBe(65);
  });

  it('shares what the weights leave among the groups without one', () => {
    // a: 2 of 3 = 66.67 × 0.6 = 40; b and c share (100 − 60) / 2 = 20 each: 0 × 0.2 + 100 × 0.2 = 20; total 60.
    const score = weightedGroupScore(
      [
        result('a', 'Pass'),
        result('a', 'Pass'),
        result('a', 'High'),
        result('b', 'High'),
        result('c', 'Pass'),
      ],
      { a: 60 },
    );
    expect(score).toBe(60);
  });

  it('counts a group whose metrics have no data as 100, and weighs metrics inside a group', () => {
    // a: passes 3 of 4 weight = 75 × 0.5 = 37.5; b: only NoData → 100 × 0.5 = 50; total 87.5.
    const score = weightedGroupScore([result('a', 'Pass', 3), result('a', 'Low', 1), result('b', 'NoData')], {
      a: 50,
      b: 50,
    });
    expect(score).toBe(87.5);
  });
});

describe('judgeCanary with groups', () => {
  it('scores by group weights when metrics name groups', () => {
    // errors is clearly higher (High), latency equal (Pass): errors group 0 × 0.8 + latency 100 × 0.2 = 20.
    const judged = judgeCanary(
      [
        {
          name: 'errors',
          control: [1, 2, 3, 4],
          experiment: [10, 20, 30, 40],
          direction: 'increase',
          group: 'errors',
        },
        {
          name: 'latency',
          control: [5, 5, 5],
          experiment: [5, 5, 5],
          direction: 'increase',
          group: 'latency',
        },
      ],
      { groupWeights: { errors: 80, latency: 20 } },
    );
    expect(judged.score).toBe(20);
    expect(judged.verdict).toBe('fail');
  });
});
