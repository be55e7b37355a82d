/** Renders rows as a left-aligned text table with a header line. */
export function textTable(rows: Array<Record<string, string>>): string {
  const [first] = rows;
  if (!first) return '';
  const columns = Object.keys(first);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(columns), ...rows.map((r) => line(columns.map((c) => r[c] ?? '')))].join('\n');
}

/** `1,234` style integers. */
export function int(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function ms(value: number): string {
  return `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : Math.round(value)} ms`;
}

export function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/** `1k`, `10k` for SLO counts. */
export function sloCount(count: number): string {
  return count % 1000 === 0 ? `${count / 1000}k` : String(count);
}

/** `<label> <value> (target <op> <target>: <ratio>×)`; a ratio below 1 meets ≤ targets, above 1 meets ≥ ones. */
export function againstTarget(options: {
  label: string;
  value: number;
  target: number;
  op: '≤' | '≥';
  show: (n: number) => string;
  note?: string;
}): string {
  const { label, value, target, op, show } = options;
  const ratio = value / target;
  const meets = op === '≤' ? value <= target : value >= target;
  const note = options.note ? ` ${options.note}` : '';
  return `${label} ${show(value)} (target ${op} ${show(target)}${note}: ${ratio.toFixed(2)}×, ${meets ? 'meets' : 'misses'})`;
}
