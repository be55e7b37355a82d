import { percent } from '../format.ts';

/** Budget remaining as text with a bar beside it; the text carries the value, the bar only shows it. */
export function BudgetBar({ remaining }: { remaining: number | null | undefined }) {
  if (remaining === null || remaining === undefined) return <span className="muted">—</span>;
  const width = Math.max(0, Math.min(1, remaining)) * 100;
  const tone = remaining <= 0 ? 'bad' : remaining < 0.25 ? 'warn' : 'good';
  return (
    <span className="budget">
      <span className="budget-text">{percent(remaining, 1)}</span>
      <span className="budget-track" aria-hidden="true">
        <span className={`budget-fill budget-${tone}`} style={{ width: `${width}%` }} />
      </span>
    </span>
  );
}
