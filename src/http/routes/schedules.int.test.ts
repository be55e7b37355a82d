import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePerson } from '../../testing/alerting-fixtures.ts';
import { businessHours } from '../../testing/oncall-fixtures.ts';
import { CAROL_SLACK_URL, expectJson, PD_KEY, pagingModel } from '../../testing/paging-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * `commerce-primary`: layer `weekly` (alice from Monday 2026-03-02 09:00 UTC, bob from 03-09, carol from
 * 03-16) under layer `weekdays` (carol, Monday to Friday 09:00–17:00 UTC only). Clock: 2026-03-02 12:00 UTC.
 */
function scheduleModel() {
  const model = pagingModel();
  const [primary] = model.schedules;
  if (!primary) throw new Error('pagingModel has no schedule');
  const weekdays = {
    name: 'weekdays',
    participants: ['carol'],
    turn: { every: 1, unit: 'weeks' as const },
    start: '2026-03-02T00:00',
    timeZone: 'UTC',
    restrictions: [businessHours],
  };
  return {
    ...model,
    persons: [...model.persons, makePerson('dave')],
    schedules: [
      { ...primary, description: 'Commerce first responders', layers: [...primary.layers, weekdays] },
    ],
  };
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    model: scheduleModel(),
    env: { PD_ROUTING_KEY: PD_KEY, CAROL_SLACK: CAROL_SLACK_URL },
  });
});
afterAll(() => t.close());

const z = (day: string, hour: string) => `2026-03-${day}T${hour}:00:00.000Z`;

describe('GET /api/v1/schedules', () => {
  it('lists each schedule with its layers, its team and who is on call now', async () => {
    // 12:00 on Monday 03-02: inside carol's weekday window, which ends at 17:00.
    expect(await expectJson(await t.call('GET', '/api/v1/schedules'), 200)).toEqual({
      schedules: [
        {
          name: 'commerce-primary',
          description: 'Commerce first responders',
          timeZone: 'UTC',
          team: 'commerce',
          layers: [
            {
              name: 'weekly',
              participants: ['alice', 'bob', 'carol'],
              handoff: { every: 1, unit: 'weeks', start: '2026-03-02T09:00', timeZone: 'UTC' },
              restrictions: [],
            },
            {
              name: 'weekdays',
              participants: ['carol'],
              handoff: { every: 1, unit: 'weeks', start: '2026-03-02T00:00', timeZone: 'UTC' },
              restrictions: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }],
            },
          ],
          oncallNow: { person: 'carol', layer: 'weekdays', until: z('02', '17') },
        },
      ],
    });
  });
});

describe('GET /api/v1/schedules/{name}/timeline', () => {
  it('shows each layer with its restriction gaps, the overrides and the final schedule', async () => {
    await expectJson(
      await t.call('POST', '/api/v1/schedules/commerce-primary/overrides', {
        token: t.tokens.write,
        body: { person: 'dave', start: z('07', '12'), end: z('07', '18') },
      }),
      201,
    );
    // Friday 03-06 00:00 to Tuesday 03-10 00:00.
    const timeline = await expectJson<{ overrides: Array<{ id: string }> }>(
      await t.call(
        'GET',
        `/api/v1/schedules/commerce-primary/timeline?from=${z('06', '00')}&to=${z('10', '00')}`,
      ),
      200,
    );
    expect(timeline).toEqual({
      schedule: 'commerce-primary',
      from: z('06', '00'),
      to: z('10', '00'),
      layers: [
        {
          name: 'weekly',
          shifts: [
            { person: 'alice', start: z('06', '00'), end: z('09', '09') },
            { person: 'bob', start: z('09', '09'), end: z('10', '00') },
          ],
        },
        {
          name: 'weekdays',
          // Friday and Monday 09–17; the weekend is a gap.
          shifts: [
            { person: 'carol', start: z('06', '09'), end: z('06', '17') },
            { person: 'carol', start: z('09', '09'), end: z('09', '17') },
          ],
        },
      ],
      overrides: [
        {
          id: timeline.overrides[0]?.id,
          person: 'dave',
          start: z('07', '12'),
          end: z('07', '18'),
          createdBy: 'write-token',
        },
      ],
      final: [
        { person: 'alice', start: z('06', '00'), end: z('06', '09'), source: 'layer', layer: 'weekly' },
        { person: 'carol', start: z('06', '09'), end: z('06', '17'), source: 'layer', layer: 'weekdays' },
        { person: 'alice', start: z('06', '17'), end: z('07', '12'), source: 'layer', layer: 'weekly' },
        { person: 'dave', start: z('07', '12'), end: z('07', '18'), source: 'override' },
        { person: 'alice', start: z('07', '18'), end: z('09', '09'), source: 'layer', layer: 'weekly' },
        { person: 'carol', start: z('09', '09'), end: z('09', '17'), source: 'layer', layer: 'weekdays' },
        { person: 'bob', start: z('09', '17'), end: z('10', '00'), source: 'layer', layer: 'weekly' },
      ],
    });
  });

  it('defaults to the next 14 days', async () => {
    const timeline = await expectJson<{ from: string; to: string }>(
      await t.call('GET', '/api/v1/schedules/commerce-primary/timeline'),
      200,
    );
    expect(timeline).toMatchObject({ from: z('02', '12'), to: z('16', '12') });
  });

  it('refuses a range past 90 days (03-01 + 90 d = 05-30), an inverted one and bad times, and an unknown schedule', async () => {
    const at = (query: string) => t.call('GET', `/api/v1/schedules/commerce-primary/timeline?${query}`);
    expect((await at(`from=${z('01', '00')}&to=2026-05-30T00:00:00Z`)).status).toBe(200);
    const tooLong = await expectJson<{ error: { details: Array<{ path: string }> } }>(
      await at(`from=${z('01', '00')}&to=2026-05-30T00:00:01Z`),
      400,
    );
    expect(tooLong.error.details[0]?.path).toBe('to');
    expect((await at(`from=${z('05', '00')}&to=${z('04', '00')}`)).status).toBe(400);
    expect((await at('from=yesterday')).status).toBe(400);
    expect((await t.call('GET', '/api/v1/schedules/nope/timeline')).status).toBe(404);
  });
});
