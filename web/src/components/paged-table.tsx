import { type ReactNode, useId, useMemo, useState } from 'react';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** Right-aligned (numbers). */
  numeric?: boolean;
}

/**
 * A table that renders one page of rows at a time (50 by default), so 1,000 SLOs stay as light as 50; with
 * `filterText`, a search box narrows the rows first. Pages are buttons, reachable by keyboard.
 */
export function PagedTable<T>({
  caption,
  rows,
  columns,
  rowKey,
  filterText,
  pageSize = 50,
  empty = 'Nothing to show.',
}: {
  caption: string;
  rows: readonly T[];
  columns: ReadonlyArray<Column<T>>;
  rowKey: (row: T) => string;
  filterText?: (row: T) => string;
  pageSize?: number;
  empty?: string;
}) {
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);
  const searchId = useId();
  const filtered = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q || !filterText) return rows;
    return rows.filter((row) => filterText(row).toLowerCase().includes(q));
  }, [rows, query, filterText]);
  const pages = Math.max(1, Math.ceil(filtered.length / pageSize));
  const current = Math.min(page, pages - 1);
  const shown = filtered.slice(current * pageSize, (current + 1) * pageSize);
  return (
    <div className="paged">
      {filterText ? (
        <div className="paged-search">
          <label htmlFor={searchId}>Filter</label>
          <input
            id={searchId}
            type="search"
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              setPage(0);
            }}
          />
        </div>
      ) : null}
      {/* Focusable so a keyboard can scroll a table wider than the screen (axe: scrollable-region-focusable). */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled by keyboard. */}
      <section className="table-scroll" tabIndex={0} aria-label={caption}>
        <table>
          <caption>
            {caption}{' '}
            <span className="muted">
              ({filtered.length === rows.length ? rows.length : `${filtered.length} of ${rows.length}`})
            </span>
          </caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column.header} scope="col" className={column.numeric ? 'num' : undefined}>
                  {column.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="muted">
                  {empty}
                </td>
              </tr>
            ) : (
              shown.map((row) => (
                <tr key={rowKey(row)}>
                  {columns.map((column) => (
                    <td key={column.header} className={column.numeric ? 'num' : undefined}>
                      {column.cell(row)}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </section>
      {pages > 1 ? (
        <nav className="pager" aria-label={`${caption} pages`}>
          <button type="button" onClick={() => setPage(current - 1)} disabled={current === 0}>
            Previous
          </button>
          <span aria-live="polite">
            Page {current + 1} of {pages}
          </span>
          <button type="button" onClick={() => setPage(current + 1)} disabled={current >= pages - 1}>
            Next
          </button>
        </nav>
      ) : null}
    </div>
  );
}
