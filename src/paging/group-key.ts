/** Group keys (like fingerprints) are unique only within one integration, so they are stored scoped to it. */
export function scopedGroupKey(alert: {
  source: string;
  integration?: string | null;
  groupKey: string;
}): string {
  return `${alert.integration ?? alert.source}|${alert.groupKey}`;
}

/** The group key as its sender gave it, from the stored (scoped) one. */
export function unscopedGroupKey(stored: string, scope: string): string {
  const prefix = `${scope}|`;
  return stored.startsWith(prefix) ? stored.slice(prefix.length) : stored;
}
