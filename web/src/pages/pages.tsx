import { useId } from 'react';
import type { Schemas } from '../api.ts';
import type { ViewProps } from '../app.tsx';
import { ErrorNotice, Loading, View } from '../components/notice.tsx';
import { PagedTable } from '../components/paged-table.tsx';
import { Status } from '../components/status.tsx';
import { ago, dateTime } from '../format.ts';
import { isPageFilter, type PageFilter, pageFilters, pagesInFilter } from '../list-order.ts';
import { useLive } from '../live.ts';
import { href, Link, navigate, useLocation, useTitle } from '../router.tsx';
import { useSession } from '../session.tsx';
import { must, useApi } from '../use-api.ts';

type Page = Schemas['Page'];

export default function PagesView(_props: ViewProps) {
  useTitle('Pages');
  const { api } = useSession();
  const location = useLocation();
  const asked = location.searchParams.get('status');
  const filter: PageFilter = isPageFilter(asked) ? asked : 'all';
  const statusId = useId();
  const { data, error, loading, reload } = useApi(
    async () => must(await api.GET('/api/v1/pages', { params: { query: { limit: 1000 } } })).pages,
    [api],
  );
  useLive(['page'], reload);
  const rows = data ? pagesInFilter(data, filter) : [];
  return (
    <View title="Pages">
      <div className="form-row">
        <div>
          <label htmlFor={statusId}>Status</label>
          <select
            id={statusId}
            value={filter}
            onChange={(event) =>
              navigate(event.target.value === 'all' ? '/pages' : `/pages?status=${event.target.value}`, {
                replace: true,
              })
            }
          >
            {Object.entries(pageFilters).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorNotice message={error} />
      {loading && !data ? (
        <Loading what="pages" />
      ) : (
        <PagedTable
          caption="Pages"
          rows={rows}
          rowKey={(page) => String(page.id)}
          filterText={(page) => `${page.id} ${page.summary} ${page.service ?? ''} ${page.team ?? ''}`}
          empty={filter === 'all' ? 'No pages yet.' : 'No pages in this status.'}
          columns={[
            { header: 'Page', cell: (page) => <Link href={href('pages', page.id)}>Page {page.id}</Link> },
            { header: 'Status', cell: (page) => <Status value={page.status} /> },
            { header: 'Severity', cell: (page) => <Status value={page.severity} /> },
            {
              header: 'Service',
              cell: (page) =>
                page.service ? <Link href={href('services', page.service)}>{page.service}</Link> : '—',
            },
            { header: 'Summary', cell: (page) => page.summary },
            {
              header: 'Opened',
              cell: (page) => (
                <time dateTime={page.createdAt} title={dateTime(page.createdAt)}>
                  {ago(page.createdAt)}
                </time>
              ),
            },
            { header: 'Assignee / level', cell: assignee },
          ]}
        />
      )}
    </View>
  );
}

function assignee(page: Page): string {
  const level = page.level > 0 ? `level ${page.level}` : 'not notified yet';
  if (page.status === 'acknowledged' && page.acknowledgedBy) return `acknowledged by ${page.acknowledgedBy}`;
  return page.assignee ? `${page.assignee} (${level})` : level;
}
