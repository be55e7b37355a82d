import { utcDate } from '../core/time-format.ts';
import type { BudgetImpact } from './budget-impact.ts';
import type { ActionItemRow, ActionItemStatus, PostmortemRow, PostmortemStatus } from './postmortem-row.ts';

const STATUS: Record<PostmortemStatus, string> = { draft: 'Draft', in_review: 'In Review', final: 'Final' };
const ITEM_STATUS: Record<ActionItemStatus, string> = {
  open: 'Open',
  in_progress: 'In Progress',
  done: 'Done',
  wont_do: "Won't Do",
};

/** `2 hours 5 minutes`, `45 minutes`: the template's duration wording. */
export function hoursMinutes(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const [h, m] = [Math.floor(minutes / 60), minutes % 60];
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (h === 0) return part(m, 'minute');
  return m === 0 ? part(h, 'hour') : `${part(h, 'hour')} ${part(m, 'minute')}`;
}

/** A table cell: pipes escaped, line breaks flattened. */
const cell = (text: string) => text.replaceAll('|', '\\|').replace(/\s*\n\s*/g, ' ');
const list = (items: readonly string[]) =>
  items.length ? items.map((i) => `- ${i}`).join('\n') : '_None yet._';
const orBlank = (text: string) => (text.trim() ? text : '_To be written._');
const percent = (value: number | null) => (value === null ? 'no data' : `${value.toFixed(1)}%`);

function budgetTable(impacts: readonly BudgetImpact[]): string {
  if (impacts.length === 0) return '_No SLO covers the affected services._';
  const rows = impacts.map(
    (i) =>
      `| ${cell(i.slo)} | ${i.objective}% / ${i.windowLabel} | ${i.badEvents} | ${percent(i.consumedPercent)} | ${percent(i.remainingPercentAtEnd)}${i.breached ? ' (breached)' : ''} |`,
  );
  return [
    '| SLO | Objective | Bad events | Budget consumed | Remaining at end |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** UTC time of each line; the date too when the timeline spans more than one day. */
function timeline(lines: PostmortemRow['document']['timeline']): string {
  if (lines.length === 0) return '_No events recorded._';
  const days = new Set(lines.map((line) => line.at.slice(0, 10)));
  const when = (at: string) => `${days.size > 1 ? `${at.slice(0, 10)} ` : ''}${at.slice(11, 16)} UTC`;
  return lines.map((line) => `- ${when(line.at)}  ${line.text}`).join('\n');
}

function actionItems(items: readonly ActionItemRow[]): string {
  const rows = items.map((item, index) => {
    const title = item.tracker_url ? `[${cell(item.title)}](${item.tracker_url})` : cell(item.title);
    const due = utcDate(item.due_ms);
    return `| ${index + 1} | ${title} | @${cell(item.owner)} | ${due} | ${item.priority} | ${ITEM_STATUS[item.status]} |`;
  });
  return [
    '| # | Action Item | Owner | Due Date | Priority | Status |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** The postmortem as Markdown, section by section as seed 003 §05's template lays it out. */
export function postmortemMarkdown(postmortem: PostmortemRow, items: readonly ActionItemRow[]): string {
  const { document: doc } = postmortem;
  const { header, impact } = doc;
  const consumed = impact.errorBudget
    .filter((i) => i.consumedPercent !== null)
    .map((i) => `${i.slo} ${percent(i.consumedPercent)}`);
  const whys = doc.whys
    .filter((w) => w.why.trim() || w.because.trim())
    .map((w, i) => `${i + 1}. **${w.why.trim() || 'Why?'}**\n   → ${w.because.trim() || '…'}`);
  return [
    `# Postmortem: ${postmortem.title}`,
    [
      `- **Title:** ${postmortem.title}`,
      `- **Date:** ${header.date}`,
      `- **Authors:** ${header.authors.join(', ') || '—'}`,
      `- **Status:** ${STATUS[postmortem.status]}`,
      `- **Severity:** ${header.severity}`,
      `- **Duration:** ${hoursMinutes(header.durationMs)}`,
      `- **IC:** ${header.commander ?? '—'}`,
      `- **Services:** ${postmortem.services.join(', ') || '—'}`,
      `- **Tags:** ${postmortem.tags.join(', ') || '—'}`,
      `- **Failure modes:** ${postmortem.failure_modes.join(', ') || '—'}`,
    ].join('\n'),
    `## Summary\n\n${orBlank(doc.summary)}`,
    [
      '## Impact\n',
      `- **Duration:** ${hoursMinutes(impact.durationMs)}`,
      `- **Affected Services:** ${impact.services.join(', ') || '—'}`,
      `- **Users Affected:** ${impact.usersAffected || '—'}`,
      `- **Revenue Impact:** ${impact.revenueImpact || '—'}`,
      `- **SLO Impact:** Error budget consumed: ${consumed.join(', ') || '—'}`,
      `- **Support Tickets:** ${impact.supportTickets || '—'}`,
      `- **Data Impact:** ${impact.dataImpact || '—'}`,
      `\n${budgetTable(impact.errorBudget)}`,
    ].join('\n'),
    `## Timeline\n\n${timeline(doc.timeline)}`,
    `## Root Cause Analysis (5 Whys)\n\n${whys.join('\n') || '_To be written._'}\n\n**ROOT CAUSE:** ${doc.rootCause.trim() || '_To be written._'}`,
    `## Contributing Factors\n\n${list(doc.contributingFactors)}`,
    `## What Went Well\n\n${list(doc.wentWell)}`,
    `## What Could Be Better\n\n${list(doc.couldBeBetter)}`,
    `## Action Items\n\n${actionItems(items)}`,
    `## Lessons Learned\n\n${list(doc.lessonsLearned)}`,
  ]
    .join('\n\n')
    .concat('\n');
}
