import type { DnsCheck } from '../specs/index.ts';

const hostTypes = new Set<DnsCheck['recordType']>(['CNAME', 'NS', 'MX', 'SRV']);

/** Why the answers fail the check (none, or none expected), as a short human reason; undefined when they pass. */
export function findDnsFailure(check: DnsCheck, answers: readonly string[]): string | undefined {
  const asked = `${check.recordType} ${check.name}`;
  if (answers.length === 0) return `no ${check.recordType} records for ${check.name}`;
  if (check.expect === undefined || check.expect.length === 0) return undefined;
  const wanted = new Set(check.expect.map((value) => normaliseAnswer(check.recordType, value)));
  if (answers.some((answer) => wanted.has(normaliseAnswer(check.recordType, answer)))) return undefined;
  const expected = check.expect.length === 1 ? check.expect[0] : `one of ${check.expect.join(', ')}`;
  return `${asked} answered ${listAnswers(answers)}, expected ${expected}`;
}

/** Host names compare without case or the trailing root dot; other answers compare exactly. */
function normaliseAnswer(recordType: DnsCheck['recordType'], value: string): string {
  return hostTypes.has(recordType) ? value.toLowerCase().replace(/\.$/, '') : value;
}

function listAnswers(answers: readonly string[]): string {
  const shown = answers.slice(0, 5).join(', ');
  return answers.length > 5 ? `${shown} (+${answers.length - 5} more)` : shown;
}
