import { describe, expect, it } from 'vitest';
import type { DnsCheck } from '../specs/index.ts';
import { findDnsFailure } from './dns-expectations.ts';

const check: DnsCheck = { kind: 'dns', name: 'api.example.test', recordType: 'A' };

describe('findDnsFailure', () => {
  it('passes any answer when nothing is expected', () => {
    expect(findDnsFailure(check, ['10.0.0.1'])).toBeUndefined();
  });

  it('fails when there is no answer', () => {
    expect(findDnsFailure(check, [])).toBe('no A records for api.example.test');
  });

  it('passes when one answer is one of the expected values', () => {
    expect(
      findDnsFailure({ ...check, expect: ['10.0.0.2', '10.0.0.9'] }, ['10.0.0.1', '10.0.0.9']),
    ).toBeUndefined();
  });

  it('lists what was answered when nothing matches', () => {
    expect(findDnsFailure({ ...check, expect: ['10.0.0.9'] }, ['10.0.0.1', '10.0.0.2'])).toBe(
      'A api.example.test answered 10.0.0.1, 10.0.0.2, expected 10.0.0.9',
    );
    expect(findDnsFailure({ ...check, expect: ['10.0.0.8', '10.0.0.9'] }, ['10.0.0.1'])).toBe(
      'A api.example.test answered 10.0.0.1, expected one of 10.0.0.8, 10.0.0.9',
    );
  });

  it('shortens long answer lists', () => {
    const answers = ['1', '2', '3', '4', '5', '6', '7'].map((last) => `10.0.0.${last}`);
    expect(findDnsFailure({ ...check, expect: ['10.0.0.9'] }, answers)).toBe(
      'A api.example.test answered 10.0.0.1, 10.0.0.2, 10.0.0.3, 10.0.0.4, 10.0.0.5 (+2 more), expected 10.0.0.9',
    );
  });

  it('compares host names without case or the trailing dot', () => {
    const cname: DnsCheck = { ...check, recordType: 'CNAME', expect: ['LB.example.test.'] };
    expect(findDnsFailure(cname, ['lb.example.test'])).toBeUndefined();
    expect(findDnsFailure({ ...check, recordType: 'TXT', expect: ['V=spf1'] }, ['v=spf1'])).toBe(
      'TXT api.example.test answered v=spf1, expected V=spf1',
    );
  });
});
