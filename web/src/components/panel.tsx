import { type ReactNode, useId } from 'react';
import { ErrorNotice, Loading } from './notice.tsx';

/**
 * One panel of a dashboard: an h2, its own loading and error state (a failing panel never hides the
 * others), and a link to the full list when only the top of it is shown.
 */
export function Panel({
  title,
  loading,
  error,
  more,
  className,
  children,
}: {
  title: string;
  /** True until the first answer: the last data stays shown while a reload runs. */
  loading?: boolean;
  error?: string | null;
  more?: ReactNode;
  className?: string;
  children?: ReactNode;
}) {
  const id = useId();
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <ErrorNotice message={error ?? null} />
      {loading ? <Loading what={title.toLowerCase()} /> : children}
      {more ? <p className="panel-more">{more}</p> : null}
    </section>
  );
}
