import { type ReactNode, useId } from 'react';

export interface Bar {
  label: string;
  value: number | null;
  /** The value as shown beside the bar (the bar only draws it). */
  text: string;
  tone?: 'good' | 'warn' | 'bad' | 'info';
}

/**
 * Horizontal bars in a `figure` named by its caption: each bar's label and value are text (the bars are
 * decoration), so it reads the same to a screen reader, at 390 px, and in either theme.
 */
export function BarChart({
  title,
  summary,
  bars,
  min = 0,
  max,
}: {
  title: string;
  summary: ReactNode;
  bars: readonly Bar[];
  /** Where bars start (availability starts near 100 %). */
  min?: number;
  max?: number;
}) {
  const captionId = useId();
  const top = max ?? Math.max(1e-9, ...bars.map((b) => b.value ?? 0));
  const share = (v: number | null) =>
    v === null ? 0 : Math.max(0, Math.min(1, (v - min) / (top - min || 1)));
  return (
    <figure className="bars" aria-labelledby={captionId}>
      <figcaption id={captionId}>{title}</figcaption>
      <ul className="bars-list">
        {bars.map((bar) => (
          <li key={bar.label}>
            <span className="bars-label">{bar.label}</span>
            <span className="bars-track" aria-hidden="true">
              <span
                className={`bars-fill bars-${bar.tone ?? 'info'}`}
                style={{ width: `${share(bar.value) * 100}%` }}
              />
            </span>
            <span className="bars-value">{bar.text}</span>
          </li>
        ))}
      </ul>
      <div className="chart-summary">{summary}</div>
    </figure>
  );
}
