import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { problemsFromZod } from './zod-problems.ts';

const batch = z.object({ events: z.array(z.object({ good: z.number(), total: z.number() })) });

describe('problemsFromZod', () => {
  it('names every problem by its dotted path and says "required" for what is absent', () => {
    const input = { events: [{ good: 1, total: 2 }, { good: 'x' }] };
    const parsed = batch.safeParse(input);
    expect(parsed.success).toBe(false);
    const problems = problemsFromZod(parsed.error?.issues ?? [], input);
    expect(problems).toHaveLength(2);
    expect(problems[0]?.path).toBe('events.1.good');
    expect(problems[0]?.message).toMatch(/expected number/);
    expect(problems[1]).toEqual({ path: 'events.1.total', message: 'required' });
  });

  it('renames paths for inputs whose keys users did not type', () => {
    const settings = z.object({ port: z.coerce.number().int().max(65535) });
    const input = { port: '70000' };
    const parsed = settings.safeParse(input);
    const problems = problemsFromZod(
      parsed.error?.issues ?? [],
      input,
      (path) => `NINES_${path.toUpperCase()}`,
    );
    expect(problems.map((p) => p.path)).toEqual(['NINES_PORT']);
  });
});
