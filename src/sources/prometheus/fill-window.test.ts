import { describe, expect, it } from 'vitest';
import { fillWindow } from './fill-window.ts';

describe('fillWindow', () => {
  it('writes the window as a Prometheus duration everywhere it appears', () => {
    const query = 'sum(rate(a[{{.window}}])) / sum(rate(b[{{ .window }}]))';

    expect(fillWindow(query, 60_000)).toBe('sum(rate(a[1m])) / sum(rate(b[1m]))');
    expect(fillWindow(query, 86_400_000)).toBe('sum(rate(a[1d])) / sum(rate(b[1d]))');
    expect(fillWindow('rate(a[{{.window}}])', 90_000)).toBe('rate(a[1m30s])');
  });
});
