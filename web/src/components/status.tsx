/** A status as a word and a colour; the word carries the meaning (never colour alone). */
const tones: Record<string, 'bad' | 'warn' | 'good' | 'muted' | 'info'> = {
  healthy: 'good',
  caution: 'info',
  critical: 'bad',
  resolved: 'good',
  succeeded: 'good',
  allow: 'good',
  warn: 'warn',
  block: 'bad',
  rolled_back: 'bad',
  running: 'info',
  operational: 'good',
  warning: 'warn',
  at_risk: 'warn',
  acknowledged: 'warn',
  snoozed: 'muted',
  monitoring: 'info',
  identified: 'warn',
  investigating: 'bad',
  triggered: 'bad',
  breaching: 'bad',
  exhausted: 'bad',
  firing: 'bad',
  failed: 'bad',
  no_data: 'muted',
  P0: 'bad',
  P1: 'bad',
  P2: 'warn',
  P3: 'info',
  P4: 'muted',
  SEV1: 'bad',
  SEV2: 'bad',
  SEV3: 'warn',
  SEV4: 'info',
};

/** The tone a status is drawn in (its word is always shown too). */
export function toneOf(value: string | null | undefined): string {
  return tones[value ?? ''] ?? 'muted';
}

export function Status({ value }: { value: string | null | undefined }) {
  const text = value ?? 'unknown';
  return <span className={`badge badge-${toneOf(text)}`}>{text.replaceAll('_', ' ')}</span>;
}

/** "alerting": burn-rate alerts firing, shown beside a status that may still read healthy. */
export function AlertingBadge({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <>
      {' '}
      <span className="badge badge-bad">alerting</span>
    </>
  );
}
