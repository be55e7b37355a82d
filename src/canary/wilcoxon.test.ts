import { describe, expect, it } from 'vitest';
import { pnorm, qnorm } from './normal.ts';
import { averageRanks, pwilcox, qwilcox, rankSumTest } from './wilcoxon.ts';

// Every expected value below was printed by R 4.2.2 (`wilcox.test(x, y, conf.int = TRUE)`, `pwilcox`,
// `qwilcox`, `pnorm`, `qnorm`); x is the experiment, y the control.

describe('the normal distribution', () => {
  it('matches R to 1e-13 relative in the body and the tails', () => {
    const cdf: Array<[number, number]> = [
      [-8, 6.2209605742717849e-16],
      [-5, 2.8665157187919391e-7],
      [-1.96, 0.024997895148220428],
      [-0.3, 0.38208857781104733],
      [0.7, 0.75803634777692697],
      [2.2, 0.98609655248650141],
      [6, 0.9999999990134123],
    ];
    for (const [z, p] of cdf) expect(Math.abs(pnorm(z) - p) / p).toBeLessThan(1e-13);
    const quantiles: Array<[number, number]> = [
      [1e-12, -7.0344838253011321],
      [0.025, -1.9599639845400538],
      [0.2, -0.84162123357291418],
      [0.5, 0],
      [0.975, 1.9599639845400536],
    ];
    for (const [p, z] of quantiles) expect(qnorm(p)).toBeCloseTo(z, 12);
  });
});

describe("Wilcoxon's rank-sum distribution", () => {
  it('gives pwilcox and qwilcox as R does', () => {
    expect([0, 1, 2, 3, 4].map((q) => pwilcox(q, 3, 4))).toEqual(
      [0.028571428571428571, 0.057142857142857141, 0.11428571428571428, 0.2, 0.31428571428571428].map((p) =>
        expect.closeTo(p, 15),
      ),
    );
    expect([0.025, 0.05, 0.5, 0.975].map((p) => qwilcox(p, 3, 4))).toEqual([0, 1, 6, 12]);
    expect([0.025, 0.05, 0.5, 0.975].map((p) => qwilcox(p, 3, 9))).toEqual([3, 4, 13, 24]);
    expect([0.025, 0.05, 0.5, 0.975].map((p) => qwilcox(p, 7, 9))).toEqual([13, 16, 31, 50]);
    expect(pwilcox(4, 7, 9)).toBeCloseTo(0.001048951048951049, 15);
  });

  it('ranks ties by their average', () => {
    expect(averageRanks([3, 1, 3, 2, 3])).toEqual([4, 1, 4, 2, 4]);
  });
});

describe('rankSumTest reproduces wilcox.test(x, y, conf.int = TRUE)', () => {
  const cases: Array<{
    name: string;
    x: number[];
    y: number[];
    method: 'exact' | 'normal';
    w: number;
    p: number;
    estimate: number;
    lower: number;
    upper: number;
  }> = [
    {
      name: 'the issue’s example (exact)',
      x: [10, 20, 30, 40],
      y: [1, 2, 3, 4],
      method: 'exact',
      w: 16,
      p: 0.028571428571428571,
      estimate: 22.5,
      lower: 6,
      upper: 39,
    },
    {
      name: 'unequal sizes, exact',
      x: [5.1, 4.9, 6.2, 5.8, 6.0, 5.5, 5.3],
      y: [4.1, 4.5, 4.8, 5.0, 4.3],
      method: 'exact',
      w: 34,
      p: 0.0050505050505050509,
      estimate: 1,
      lower: 0.40000000000000036,
      upper: 1.7000000000000002,
    },
    {
      name: 'unequal sizes 10 and 5, exact',
      x: [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46],
      y: [1.15, 0.88, 0.9, 0.74, 1.21],
      method: 'exact',
      w: 35,
      p: 0.2544122544122544,
      estimate: 0.30500000000000005,
      lower: -0.15000000000000002,
      upper: 0.7599999999999999,
    },
    {
      name: 'ties in the control (normal approximation)',
      x: [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3],
      y: [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29],
      method: 'normal',
      w: 58,
      p: 0.13291945818531886,
      estimate: 0.5600561608358734,
      lower: -0.36997737472725434,
      upper: 1.1829707736879225,
    },
    {
      name: 'ties across both samples, unequal sizes',
      x: [3, 3, 4, 5, 5, 5, 7],
      y: [1, 2, 3, 3, 4],
      method: 'normal',
      w: 30.5,
      p: 0.037031291142802111,
      estimate: 1.9999158416143892,
      lower: 2.3358267435157328e-5,
      upper: 3.9999847433527704,
    },
    {
      name: 'many ties, 9 against 7',
      x: [12, 15, 15, 18, 20, 22, 22, 22, 30],
      y: [10, 11, 12, 12, 14, 15, 16],
      method: 'normal',
      w: 56,
      p: 0.010372840230753086,
      estimate: 6.0000129022762767,
      lower: 1.9999978776496565,
      upper: 10.999978988936544,
    },
    {
      name: 'identical samples',
      x: [100, 101, 102, 103],
      y: [100, 101, 102, 103],
      method: 'normal',
      w: 8,
      p: 1,
      estimate: 0,
      lower: -3,
      upper: 3,
    },
    {
      name: '60 against 55 (large samples)',
      x: Array.from({ length: 60 }, (_, i) => (i + 1) * 1.5 + 3),
      y: Array.from({ length: 55 }, (_, i) => (i + 1) * 1.2),
      method: 'normal',
      w: 2202.5,
      p: 0.0019970294136821992,
      estimate: 15.161694521482801,
      lower: 5.6999152306435903,
      upper: 24.60003700060366,
    },
    {
      name: 'almost all tied',
      x: [2, 2, 2, 3],
      y: [2, 2, 2, 2],
      method: 'normal',
      w: 10,
      p: 0.45325470475373647,
      estimate: 0,
      lower: 0,
      upper: 1,
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const result = rankSumTest(c.x, c.y, 0.95);
      expect(result.method).toBe(c.method);
      expect(result.w).toBe(c.w);
      expect(result.pValue).toBeCloseTo(c.p, 12);
      // Exact intervals are sample differences (equal to the last bit); roots agree to R's tolerance.
      const digits = c.method === 'exact' ? 12 : 9;
      expect(result.estimate).toBeCloseTo(c.estimate, digits);
      expect(result.lower).toBeCloseTo(c.lower, digits);
      expect(result.upper).toBeCloseTo(c.upper, digits);
    });
  }

  it('narrows the interval at a lower confidence (80 %: [8, 37])', () => {
    const result = rankSumTest([10, 20, 30, 40], [1, 2, 3, 4], 0.8);
    expect([result.lower, result.upper, result.estimate]).toEqual([8, 37, 22.5]);
  });
});
