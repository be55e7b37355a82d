import { pnorm, qnorm } from './normal.ts';

/**
 * The two-sample Wilcoxon rank-sum (Mann-Whitney U) test with the Hodges-Lehmann estimate of the location
 * shift `experiment − control` and its confidence interval, computed as R's
 * `wilcox.test(experiment, control, conf.int = TRUE, conf.level)` does (R 4.x, two-sided, mu = 0):
 * - both samples under 50 values and no ties: the exact distribution of W; the interval from the sorted
 *   pairwise differences at qwilcox's quantiles, the estimate their median;
 * - otherwise the normal approximation with the tie correction and a continuity correction; interval and
 *   estimate are roots of the standardised statistic found by R's `uniroot` (Brent's zeroin, tol 1e-4).
 * Pure.
 */
export interface RankSumResult {
  method: 'exact' | 'normal';
  /** R's W: the rank sum of `experiment` minus n(n+1)/2 (the Mann-Whitney U of experiment). */
  w: number;
  pValue: number;
  /** Hodges-Lehmann estimate of experiment − control. */
  estimate: number;
  lower: number;
  upper: number;
  /** The confidence level the interval achieves (below the one asked when exact samples are tiny, as R warns). */
  confidence: number;
}

/** Ranks with ties given their average rank (R's `rank`, ties.method = "average"). 1-based. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
  const ranks = new Array<number>(values.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1] as number] === values[order[i] as number]) j++;
    const rank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k] as number] = rank;
    i = j + 1;
  }
  return ranks;
}

/** How many values are tied in each group of equal values (only groups of 2 or more matter). */
function tieTerm(ranks: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const r of ranks) counts.set(r, (counts.get(r) ?? 0) + 1);
  let sum = 0;
  for (const t of counts.values()) sum += t ** 3 - t;
  return sum;
}

const distributions = new Map<string, Float64Array>();

/**
 * The null distribution of W for sample sizes m and n: P(W = w) for w = 0…mn. Counted with additions only
 * (subsets of size m of the ranks 1…m+n by their sum), so no cancellation; cached.
 */
export function wilcoxonDistribution(m: number, n: number): Float64Array {
  const key = `${m},${n}`;
  const cached = distributions.get(key);
  if (cached) return cached;
  const N = m + n;
  const maxSum = (m * (2 * N - m + 1)) / 2;
  // ways[j][s]: subsets of size j of the ranks seen so far with sum s.
  const ways = Array.from({ length: m + 1 }, () => new Float64Array(maxSum + 1));
  (ways[0] as Float64Array)[0] = 1;
  for (let rank = 1; rank <= N; rank++) {
    for (let j = Math.min(rank, m); j >= 1; j--) {
      const into = ways[j] as Float64Array;
      const from = ways[j - 1] as Float64Array;
      for (let s = maxSum; s >= rank; s--) into[s] = (into[s] as number) + (from[s - rank] as number);
    }
  }
  const offset = (m * (m + 1)) / 2;
  const counts = (ways[m] as Float64Array).subarray(offset, offset + m * n + 1);
  let total = 0;
  for (const c of counts) total += c;
  const probabilities = Float64Array.from(counts, (c) => c / total);
  distributions.set(key, probabilities);
  return probabilities;
}

/** P(W ≤ q) (R's pwilcox, lower tail). */
export function pwilcox(q: number, m: number, n: number): number {
  const density = wilcoxonDistribution(m, n);
  const top = Math.floor(q + 1e-7);
  if (top < 0) return 0;
  if (top >= m * n) return 1;
  let sum = 0;
  for (let w = 0; w <= top; w++) sum += density[w] as number;
  return Math.min(1, sum);
}

/** P(W > q) (R's pwilcox with lower.tail = FALSE), summed from the top so small tails keep their digits. */
export function pwilcoxUpper(q: number, m: number, n: number): number {
  const density = wilcoxonDistribution(m, n);
  const bottom = Math.floor(q + 1e-7) + 1;
  if (bottom <= 0) return 1;
  let sum = 0;
  for (let w = m * n; w >= bottom; w--) sum += density[w] as number;
  return Math.min(1, sum);
}

/** The smallest q with P(W ≤ q) ≥ p (R's qwilcox, lower tail). */
export function qwilcox(p: number, m: number, n: number): number {
  const density = wilcoxonDistribution(m, n);
  let sum = 0;
  // R compares with a relative fuzz: p * (1 - 64 * DBL_EPSILON).
  const target = p * (1 - 64 * Number.EPSILON);
  for (let q = 0; q <= m * n; q++) {
    sum += density[q] as number;
    if (sum >= target) return q;
  }
  return m * n;
}

/**
 * R's `R_zeroin2` (Brent's method as in netlib's zeroin): a root of f in [ax, bx] given f(ax) and f(bx) of
 * opposite signs, to within `tol`. Reproduced step for step, so results agree with `uniroot` to the last bit
 * R's tolerance leaves open.
 */
export function zeroin(
  ax: number,
  bx: number,
  fax: number,
  fbx: number,
  f: (x: number) => number,
  tol: number,
  maxIterations = 1000,
): number {
  let a = ax;
  let b = bx;
  let fa = fax;
  let fb = fbx;
  let c = a;
  let fc = fa;
  if (fa === 0) return a;
  if (fb === 0) return b;
  for (let left = maxIterations + 1; left > 0; left--) {
    const previousStep = b - a;
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolAct = 2 * Number.EPSILON * Math.abs(b) + tol / 2;
    let newStep = (c - b) / 2;
    if (Math.abs(newStep) <= tolAct || fb === 0) return b;
    if (Math.abs(previousStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
      let p: number;
      let q: number;
      const cb = c - b;
      if (a === c) {
        const t1 = fb / fa;
        p = cb * t1;
        q = 1 - t1;
      } else {
        const qa = fa / fc;
        const t1 = fb / fc;
        const t2 = fb / fa;
        p = t2 * (cb * qa * (qa - t1) - (b - a) * (t1 - 1));
        q = (qa - 1) * (t1 - 1) * (t2 - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (p < 0.75 * cb * q - Math.abs(tolAct * q) / 2 && p < Math.abs((previousStep * q) / 2))
        newStep = p / q;
    }
    if (Math.abs(newStep) < tolAct) newStep = newStep > 0 ? tolAct : -tolAct;
    a = b;
    fa = fb;
    b += newStep;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
    }
  }
  return b;
}

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const TOL_ROOT = 1e-4;

/** The test of `experiment` against `control` at `confidence` (0 < confidence < 1). */
export function rankSumTest(
  experiment: readonly number[],
  control: readonly number[],
  confidence = 0.95,
): RankSumResult {
  const x = experiment;
  const y = control;
  const m = x.length;
  const n = y.length;
  if (m === 0 || n === 0) throw new RangeError('both samples need at least one value');
  if (!(confidence > 0 && confidence < 1)) throw new RangeError('confidence must be between 0 and 1');
  const ranks = averageRanks([...x, ...y]);
  let rankSum = 0;
  for (let i = 0; i < m; i++) rankSum += ranks[i] as number;
  const w = rankSum - (m * (m + 1)) / 2;
  const ties = new Set(ranks).size !== ranks.length;
  const alpha = 1 - confidence;

  if (m < 50 && n < 50 && !ties) {
    const p = w > (m * n) / 2 ? pwilcoxUpper(w - 1, m, n) : pwilcox(w, m, n);
    const diffs: number[] = [];
    for (const xi of x) for (const yj of y) diffs.push(xi - yj);
    diffs.sort((a, b) => a - b);
    let qu = qwilcox(alpha / 2, m, n);
    if (qu === 0) qu = 1;
    const ql = m * n - qu;
    const achievedAlpha = 2 * pwilcox(Math.trunc(qu) - 1, m, n);
    return {
      method: 'exact',
      w,
      pValue: Math.min(2 * p, 1),
      estimate: median(diffs),
      lower: diffs[qu - 1] as number,
      upper: diffs[ql] as number,
      confidence: achievedAlpha - alpha > alpha / 2 ? 1 - achievedAlpha : confidence,
    };
  }

  const sigmaOf = (tieSum: number) =>
    Math.sqrt(((m * n) / 12) * (m + n + 1 - tieSum / ((m + n) * (m + n - 1))));
  let z = w - (m * n) / 2;
  const sigma = sigmaOf(tieTerm(ranks));
  z = sigma === 0 ? 0 : (z - Math.sign(z) * 0.5) / sigma;
  const pValue = sigma === 0 ? 1 : 2 * Math.min(pnorm(z), 1 - pnorm(z));

  const standardised = (d: number, corrected: boolean): number => {
    const shifted = averageRanks([...x.map((v) => v - d), ...y]);
    let sum = 0;
    for (let i = 0; i < m; i++) sum += shifted[i] as number;
    const dz = sum - (m * (m + 1)) / 2 - (m * n) / 2;
    const s = sigmaOf(tieTerm(shifted));
    if (s === 0) return Number.NaN;
    return (dz - (corrected ? Math.sign(dz) * 0.5 : 0)) / s;
  };
  let xMin = Number.POSITIVE_INFINITY;
  let xMax = Number.NEGATIVE_INFINITY;
  let yMin = Number.POSITIVE_INFINITY;
  let yMax = Number.NEGATIVE_INFINITY;
  for (const v of x) {
    xMin = Math.min(xMin, v);
    xMax = Math.max(xMax, v);
  }
  for (const v of y) {
    yMin = Math.min(yMin, v);
    yMax = Math.max(yMax, v);
  }
  const muMin = xMin - yMax;
  const muMax = xMax - yMin;
  if (sigma === 0 || muMin === muMax) {
    // Every value tied: no spread to estimate from (R warns and its roots are undefined); the shift is 0.
    return { method: 'normal', w, pValue, estimate: muMin, lower: muMin, upper: muMax, confidence };
  }
  const wAtMin = standardised(muMin, true);
  const wAtMax = standardised(muMax, true);
  const root = (zq: number): number => {
    const fLower = wAtMin - zq;
    if (fLower <= 0) return muMin;
    const fUpper = wAtMax - zq;
    if (fUpper >= 0) return muMax;
    return zeroin(muMin, muMax, fLower, fUpper, (d) => standardised(d, true) - zq, TOL_ROOT);
  };
  // Two-sample intervals are not widened when a bound is out of reach: it is the end of the range (as R).
  const lower = root(qnorm(1 - alpha / 2));
  const upper = root(qnorm(alpha / 2));
  const estimate = zeroin(
    muMin,
    muMax,
    standardised(muMin, false),
    standardised(muMax, false),
    (d) => standardised(d, false),
    TOL_ROOT,
  );
  return { method: 'normal', w, pValue, estimate, lower, upper, confidence };
}
