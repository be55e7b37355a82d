import { cpus, loadavg, totalmem } from 'node:os';

/** The value at fraction `q` (0..1) of the sorted values, nearest rank. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Arithmetic mean; NaN for no values. */
export function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** "low–high" of `values` at `digits` decimals, or the one value when both round alike. */
export function spread(values: number[], digits: number): string {
  const low = Math.min(...values).toFixed(digits);
  const high = Math.max(...values).toFixed(digits);
  return low === high ? low : `${low}–${high}`;
}

/** Median (nearest rank). */
export function median(values: number[]): number {
  return quantile(values, 0.5);
}

/** Runs a full collection when node runs with --expose-gc; a no-op otherwise. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function gcAvailable(): boolean {
  return typeof (globalThis as { gc?: unknown }).gc === 'function';
}

/** JS heap plus array buffers (typed arrays and wasm memory live there). */
export function retainedBytes(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/** What the figures were measured on. */
export function machineInfo(): string {
  const list = cpus();
  const model = list[0]?.model.trim() ?? 'unknown CPU';
  const memGiB = (totalmem() / 2 ** 30).toFixed(1);
  return `${list.length} × ${model}, ${memGiB} GiB RAM, node ${process.version}, ${process.platform}/${process.arch}`;
}

/** The 1-minute load average: above the core count, other work shared the machine during the run. */
export function loadAverage(): string {
  return (loadavg()[0] ?? 0).toFixed(2);
}
