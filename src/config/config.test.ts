import { describe, expect, it } from 'vitest';
import { NinesError } from '../core/errors.ts';
import { resolveRuntimeConfig } from './config.ts';

describe('resolveRuntimeConfig', () => {
  it('applies defaults', () => {
    const config = resolveRuntimeConfig({});
    expect(config).toMatchObject({
      port: 8080,
      dataDir: './.nines',
      evalIntervalMs: 10_000,
      configDir: './nines',
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads the environment and lets flags win', () => {
    const config = resolveRuntimeConfig(
      { NINES_PORT: '9000', NINES_CONFIG: '/etc/nines', NINES_EVAL_INTERVAL: '30s' },
      { port: '9100' },
    );
    expect(config.port).toBe(9100);
    expect(config.configDir).toBe('/etc/nines');
    expect(config.evalIntervalMs).toBe(30_000);
  });

  it('reports every bad value with its variable name', () => {
    try {
      resolveRuntimeConfig({ NINES_PORT: 'eighty', NINES_EVAL_INTERVAL: 'often' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(NinesError);
      const paths = (error as NinesError).details?.map((d) => d.path);
      expect(paths).toEqual(expect.arrayContaining(['NINES_PORT', 'NINES_EVAL_INTERVAL']));
    }
  });
});
