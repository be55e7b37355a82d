import { judgeCanary } from '../src/canary/index.ts';
import { seeded, syntheticCanary } from '../src/testing/canary-samples.ts';

export interface CanaryFigures {
  runs: number;
  /** Identical canaries judged fail / marginal. */
  falseFailures: number;
  falseMarginals: number;
  /** Clearly worse canaries (latency +30 %, errors +50 %) judged fail. */
  caught: number;
  /** Wall time of one judgement of two 30-sample metrics, median. */
  medianJudgeMs: number;
}

/** The canary judge over seeded synthetic runs: how often it fails a good canary, and catches a bad one. */
export function benchCanary(runs: number): CanaryFigures {
  const random = seeded(12);
  let falseFailures = 0;
  let falseMarginals = 0;
  let caught = 0;
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const same = syntheticCanary(random, false);
    const started = performance.now();
    const verdict = judgeCanary(same).verdict;
    times.push(performance.now() - started);
    if (verdict === 'fail') falseFailures++;
    if (verdict === 'marginal') falseMarginals++;
    if (judgeCanary(syntheticCanary(random, true)).verdict === 'fail') caught++;
  }
  times.sort((a, b) => a - b);
  return {
    runs,
    falseFailures,
    falseMarginals,
    caught,
    medianJudgeMs: times[Math.floor(times.length / 2)] ?? 0,
  };
}
