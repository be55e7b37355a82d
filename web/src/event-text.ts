/** Words for history entries (pages' events, incidents' timeline). Pure: tested beside it. */

/** "acknowledged by ana", "reassigned by ana (person: bob)", "page.escalated by nines (level: 2)". */
export function describeEvent(kind: string, actor: string, details: Record<string, unknown> = {}): string {
  const words = kind.replaceAll('_', ' ');
  const facts = detailText(details);
  return `${words} by ${actor}${facts ? ` (${facts})` : ''}`;
}

/** The simple facts of an entry's details ("level: 2, person: bob"); nested values are left out. */
export function detailText(details: Record<string, unknown>, limit = 4): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(details)) {
    if (parts.length >= limit) break;
    if (typeof value === 'string' && value !== '') parts.push(`${key}: ${clip(value)}`);
    else if (typeof value === 'number' || typeof value === 'boolean') parts.push(`${key}: ${value}`);
  }
  return parts.join(', ');
}

function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}
