import { describe, expect, it } from 'vitest';
import { schedulesFor } from './service-oncall.ts';

describe('the schedules covering a service', () => {
  const schedules = [
    { schedule: 'payments-primary' },
    { schedule: 'payments-secondary' },
    { schedule: 'paymentsx' },
    { schedule: 'platform' },
  ];

  it('finds the schedules named after the owning team or the service', () => {
    expect(schedulesFor({ name: 'payment', owner: 'payments' }, schedules).map((s) => s.schedule)).toEqual([
      'payments-primary',
      'payments-secondary',
    ]);
    expect(
      schedulesFor({ name: 'api-gateway', owner: 'platform' }, schedules).map((s) => s.schedule),
    ).toEqual(['platform']);
    expect(schedulesFor({ name: 'auth', owner: null }, schedules)).toEqual([]);
  });

  it('prefers the team the API names over the naming convention', () => {
    const withTeams = [
      { schedule: 'payments-primary', team: 'payments' },
      { schedule: 'night-watch', team: 'payments' },
      { schedule: 'payments-legacy', team: 'other' },
    ];
    expect(schedulesFor({ name: 'payment', owner: 'payments' }, withTeams).map((s) => s.schedule)).toEqual([
      'payments-primary',
      'night-watch',
    ]);
  });
});
