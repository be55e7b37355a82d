import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SERVICES = 200;

function sloDocument(i: number): string {
  const kind = i % 10;
  const lines = [
    'apiVersion: nines.dev/v1',
    'kind: SLO',
    `metadata: { name: slo-${i} }`,
    'spec:',
    `  service: service-${i % SERVICES}`,
    `  objective: ${kind === 0 ? 99.95 : 99.9}`,
    `  window: ${kind === 1 ? '{ calendar: month, timeZone: Europe/Paris }' : '30d'}`,
    '  indicator: { events: {} }',
  ];
  if (kind === 2) lines.push('  budgeting: { timeslices: { slice: 5m, target: 99 } }');
  if (kind === 3) {
    lines.push(
      '  exclusions:',
      '    - { rrule: FREQ=WEEKLY;BYDAY=SU, start: 2026-01-04T00:00:00, duration: 1h, timeZone: UTC }',
    );
  }
  return lines.join('\n');
}

/**
 * Writes a config directory with one team, up to 200 services and `count` event-fed SLOs shaped like
 * `benchSlo(i)` (same names, windows, budgeting and exclusions), so pushes can address `slo-<i>`.
 */
export function writeBenchConfig(dir: string, count: number): void {
  mkdirSync(dir, { recursive: true });
  const catalog = ['apiVersion: nines.dev/v1\nkind: Team\nmetadata: { name: bench }'];
  for (let s = 0; s < Math.min(count, SERVICES); s++) {
    catalog.push(
      `apiVersion: nines.dev/v1\nkind: Service\nmetadata: { name: service-${s} }\nspec: { owner: bench, tier: 2 }`,
    );
  }
  writeFileSync(join(dir, 'catalog.yaml'), `${catalog.join('\n---\n')}\n`);
  const docs = Array.from({ length: count }, (_, i) => sloDocument(i));
  writeFileSync(join(dir, 'slos.yaml'), `${docs.join('\n---\n')}\n`);
}
