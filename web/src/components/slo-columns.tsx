import type { Schemas } from '../api.ts';
import { num, percent } from '../format.ts';
import { href, Link } from '../router.tsx';
import { burnAlerts, HEADLINE_BURN_WINDOW } from '../slo-health.ts';
import { BudgetBar } from './budget-bar.tsx';
import type { Column } from './paged-table.tsx';
import { AlertingBadge, Status } from './status.tsx';

type Slo = Schemas['SloStatus'];

/** The columns every table of SLOs shows the same way, by name; a view picks and orders them. */
export const sloColumns = {
  name: { header: 'SLO', cell: (s) => <Link href={href('slos', s.name)}>{s.name}</Link> },
  service: { header: 'Service', cell: (s) => <Link href={href('services', s.service)}>{s.service}</Link> },
  objective: { header: 'Objective', cell: (s) => `${num(s.objective, 3)} %`, numeric: true },
  window: { header: 'Window', cell: (s) => s.window },
  sli: { header: 'SLI', cell: (s) => percent(s.sli.ratio), numeric: true },
  budget: { header: 'Budget remaining', cell: (s) => <BudgetBar remaining={s.errorBudget.remaining} /> },
  burn: {
    header: `Burn ${HEADLINE_BURN_WINDOW}`,
    cell: (s) =>
      s.burnRates[HEADLINE_BURN_WINDOW] === null ? '—' : `${num(s.burnRates[HEADLINE_BURN_WINDOW])}×`,
    numeric: true,
  },
  status: {
    header: 'Status',
    cell: (s) => (
      <>
        <Status value={s.status} />
        {burnAlerts(s).length ? <AlertingBadge count={burnAlerts(s).length} /> : null}
      </>
    ),
  },
} satisfies Record<string, Column<Slo>>;
