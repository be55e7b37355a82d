import { escapeMarkup as esc } from './escape.ts';
import { updateStatusLabels } from './feed-entries.ts';
import { pageStyle } from './page-style.ts';
import type { PublicComponent, PublicIncident, PublicMaintenance, PublicStatus } from './public-status.ts';
import { barLevel, formatPercent, type UptimeDay } from './uptime.ts';

/** `<time>` with a machine-readable instant and a UTC reading for people. */
function time(isoText: string): string {
  return `<time datetime="${esc(isoText)}">${esc(isoText.slice(0, 16).replace('T', ' '))} UTC</time>`;
}

const worstWords = { up: '', partial: ', partial outage', down: ', major outage' } as const;

/** Text of one day's bar, e.g. "2026-11-20: 99.95 % uptime" or "2026-11-20: no data". */
export function dayLabel(day: UptimeDay): string {
  if (day.uptimePercent === null || day.worst === null) return `${day.date}: no data`;
  return `${day.date}: ${formatPercent(day.uptimePercent)} % uptime${worstWords[day.worst]}`;
}

/**
 * The legend's left end: a narrow screen draws only the newest 60 or 30 of the 90 days (the stylesheet
 * hides the oldest bars and shows the matching label), so today's bar is always drawn, at the right;
 * the uptime figure, still over all the days, then says so.
 */
const spanStart = (days: number) =>
  `<span class="d90">${days} days ago</span><span class="d60">60 days ago</span><span class="d30">30 days ago</span>`;

function bars(component: PublicComponent): string {
  const days = component.uptime.days.map((day) => {
    const label = esc(dayLabel(day));
    return `<li class="bar u-${barLevel(day)}" title="${label}"><span class="vh">${label}</span></li>`;
  });
  const total = component.uptime.totalPercent;
  const summary = total === null ? 'No data' : `${formatPercent(total)} % uptime`;
  return (
    `<ol class="bars" aria-label="Uptime of ${esc(component.displayName)}, last ${days.length} days">${days.join('')}</ol>` +
    `<div class="legend" aria-hidden="true">${spanStart(days.length)}<span>${esc(summary)}${total === null ? '' : `<span class="span-note"> over ${days.length} days</span>`}</span><span>Today</span></div>` +
    `<p class="vh">${esc(summary)} over ${days.length} days</p>`
  );
}

function componentItem(component: PublicComponent, level: 3 | 4): string {
  const description = component.description ? `<p class="desc">${esc(component.description)}</p>` : '';
  return (
    `<li class="card component"><div class="row"><h${level} class="name">${esc(component.displayName)}</h${level}>` +
    `<span class="state s-${component.status}">${esc(component.statusLabel)}</span></div>${description}${bars(component)}</li>`
  );
}

/** Components in config order, each group under its heading where it first appears. */
function componentList(components: readonly PublicComponent[]): string {
  if (components.length === 0) return '<p class="muted">No components are published.</p>';
  const groups = new Map<string, PublicComponent[]>();
  for (const component of components) {
    const key = component.group ?? '';
    groups.set(key, [...(groups.get(key) ?? []), component]);
  }
  return [...groups]
    .map(([group, members]) => {
      const level = group ? 4 : 3;
      const heading = group ? `<h3 class="group">${esc(group)}</h3>` : '';
      return `${heading}<ul class="plain">${members.map((c) => componentItem(c, level)).join('')}</ul>`;
    })
    .join('');
}

function incidentItem(incident: PublicIncident): string {
  const affects = incident.components.length > 0 ? ` · Affects ${esc(incident.components.join(', '))}` : '';
  const ended = incident.resolvedAt ? ` · Resolved ${time(incident.resolvedAt)}` : '';
  const updates = incident.updates.map(
    (update) =>
      `<li><p><strong>${updateStatusLabels[update.status]}</strong> · ${time(update.at)}</p><p class="msg">${esc(update.message)}</p></li>`,
  );
  return (
    `<article class="card incident" id="incident-${incident.id}"><h3>${esc(incident.title)}</h3>` +
    `<p class="meta">Status: <strong>${updateStatusLabels[incident.status]}</strong>${affects} · Started ${time(incident.startedAt)}${ended}</p>` +
    (updates.length > 0 ? `<ol class="updates">${updates.join('')}</ol>` : '') +
    '</article>'
  );
}

function maintenanceItem(maintenance: PublicMaintenance): string {
  const affects =
    maintenance.components.length > 0 ? ` · Affects ${esc(maintenance.components.join(', '))}` : '';
  const state = maintenance.inProgress ? 'In progress' : 'Scheduled';
  const description = maintenance.description ? `<p class="msg">${esc(maintenance.description)}</p>` : '';
  return (
    `<article class="card maintenance" id="maintenance-${maintenance.id}"><h3>${esc(maintenance.title)}</h3>` +
    `<p class="meta"><strong>${state}</strong>: ${time(maintenance.start)} to ${time(maintenance.end)}${affects}</p>${description}</article>`
  );
}

function section(id: string, title: string, body: string): string {
  return `<section aria-labelledby="${id}"><h2 id="${id}">${title}</h2>${body}</section>`;
}

/**
 * The whole status page: HTML5 with inline CSS and no script, so it is complete without JavaScript.
 * `lastUpdated` is set only when serving an older snapshot because a fresh one could not be built.
 */
export function renderHtml(status: PublicStatus, options: { lastUpdated?: string } = {}): string {
  const { active, past } = status.incidents;
  const stale = options.lastUpdated
    ? `<p class="stale" role="alert">Last updated ${time(options.lastUpdated)}. The latest status could not be loaded; this is the last known state.</p>`
    : '';
  const overall = `<p class="overall o-${status.status.indicator}">${esc(status.status.description)}</p>`;
  const body = [
    stale,
    status.components.length > 0 ? overall : '',
    active.length > 0
      ? section('active-incidents', 'Active incidents', active.map(incidentItem).join(''))
      : '',
    status.maintenances.length > 0
      ? section('maintenance', 'Scheduled maintenance', status.maintenances.map(maintenanceItem).join(''))
      : '',
    section('components', 'Components', componentList(status.components)),
    section(
      'past-incidents',
      'Past incidents',
      past.length > 0
        ? past.map(incidentItem).join('')
        : '<p class="muted">No incidents in the last 7 days.</p>',
    ),
  ].join('');
  const description = status.description ? `<p class="lede">${esc(status.description)}</p>` : '';
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${esc(status.title)}</title>` +
    '<link rel="alternate" type="application/atom+xml" title="Status updates" href="status/feed.atom">' +
    `<style>${pageStyle}</style></head><body><div class="wrap">` +
    `<header><h1>${esc(status.title)}</h1>${description}</header><main>${body}</main>` +
    '<footer>Subscribe to updates: <a href="status/feed.atom">Atom feed</a> · <a href="status.json">JSON</a></footer>' +
    '</div></body></html>'
  );
}
