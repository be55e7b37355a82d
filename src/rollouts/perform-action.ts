import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { attemptSignal } from '../notify/index.ts';
import type { RolloutAction, SecretRef } from '../specs/index.ts';
import { jsonEscape, looksLikeJson, renderTemplate, type TemplateValues } from './templates.ts';

/** Where an action runs: secrets, the allow-listed commands directory, and the caller's abort signal. */
export interface ActionEnvironment {
  /** Where `{env: NAME}` header values are read. */
  env: Record<string, string | undefined>;
  /** NINES_ROLLOUT_COMMANDS_DIR; unset: command actions fail. */
  commandsDir: string | undefined;
  signal?: AbortSignal;
}

/** How one attempt went: `detail` or `error` is a short text for the timeline. */
export type ActionResult = { ok: true; detail: string } | { ok: false; error: string };

/** Output and error texts kept on the timeline are cut to this many characters (the end is kept). */
export const KEPT_OUTPUT_CHARS = 4_096;
const plainFileName = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/** Performs one attempt of `action` with `idempotencyKey`; never throws. */
export async function performAction(options: {
  action: RolloutAction;
  values: TemplateValues;
  idempotencyKey: string;
  environment: ActionEnvironment;
}): Promise<ActionResult> {
  try {
    return options.action.kind === 'http'
      ? await sendHttp({ ...options, action: options.action })
      : await runCommand({ ...options, action: options.action });
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

function secretValue(
  value: string | SecretRef,
  env: ActionEnvironment['env'],
  values: TemplateValues,
): string {
  if (typeof value === 'string') return renderTemplate(value, values);
  const resolved = env[value.env];
  if (resolved === undefined || resolved === '')
    throw new Error(`secret environment variable ${value.env} is not set`);
  return resolved;
}

async function sendHttp(options: {
  action: Extract<RolloutAction, { kind: 'http' }>;
  values: TemplateValues;
  idempotencyKey: string;
  environment: ActionEnvironment;
}): Promise<ActionResult> {
  const { action, values, environment } = options;
  const url = renderTemplate(action.url, values, encodeURIComponent);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(action.headers))
    headers[name] = secretValue(value, environment.env, values);
  let body: string | undefined;
  if (action.body !== undefined) {
    const json = looksLikeJson(action.body);
    body = renderTemplate(action.body, values, json ? jsonEscape : undefined);
    const typed = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
    if (json && !typed) headers['content-type'] = 'application/json';
  }
  headers['idempotency-key'] = options.idempotencyKey;
  const { signal, done } = attemptSignal(
    environment.signal ?? new AbortController().signal,
    action.timeoutMs,
  );
  try {
    const response = await fetch(url, {
      method: action.method,
      headers,
      body: body ?? null,
      signal,
      redirect: 'manual',
    });
    const text = lastChars(await response.text().catch(() => ''), 200);
    const status = `HTTP ${response.status}${text ? `: ${text}` : ''}`;
    return response.ok ? { ok: true, detail: status } : { ok: false, error: status };
  } catch (error) {
    if (signal.aborted) return { ok: false, error: `no answer within ${action.timeoutMs} ms` };
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    return { ok: false, error: `network error: ${cause ?? (error as Error).message}` };
  } finally {
    done();
  }
}

/** The program's path, only when it is a plain file name directly inside the commands directory. */
export function commandPath(commandsDir: string | undefined, name: string): string {
  if (commandsDir === undefined) throw new Error('command actions need NINES_ROLLOUT_COMMANDS_DIR');
  const dir = resolve(commandsDir);
  const path = resolve(dir, name);
  if (!plainFileName.test(name) || name.includes('..') || dirname(path) !== dir) {
    throw new Error(`refused command "${name}": only plain file names in NINES_ROLLOUT_COMMANDS_DIR run`);
  }
  return join(dir, name);
}

async function runCommand(options: {
  action: Extract<RolloutAction, { kind: 'command' }>;
  values: TemplateValues;
  idempotencyKey: string;
  environment: ActionEnvironment;
}): Promise<ActionResult> {
  const { action, values, environment } = options;
  const [name, ...templates] = action.command as [string, ...string[]];
  const path = commandPath(environment.commandsDir, name);
  const args = templates.map((arg) => renderTemplate(arg, values));
  const env = {
    PATH: environment.env.PATH ?? '/usr/bin:/bin',
    NINES_IDEMPOTENCY_KEY: options.idempotencyKey,
  };
  return new Promise<ActionResult>((done) => {
    let output = '';
    let timedOut = false;
    const child = spawn(path, args, { env, shell: false, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      output = lastChars(output + chunk.toString('utf8'), KEPT_OUTPUT_CHARS);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const kill = () => child.kill('SIGKILL');
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, action.timeoutMs);
    environment.signal?.addEventListener('abort', kill, { once: true });
    const finish = (result: ActionResult) => {
      clearTimeout(timer);
      environment.signal?.removeEventListener('abort', kill);
      done(result);
    };
    child.on('error', (error) => finish({ ok: false, error: `could not run ${name}: ${error.message}` }));
    child.on('close', (code, signal) => {
      const tail = output.trim();
      if (code === 0) return finish({ ok: true, detail: `exit 0${tail ? `: ${tail}` : ''}` });
      const why = timedOut
        ? `killed after ${action.timeoutMs} ms`
        : signal
          ? `killed by ${signal}`
          : `exit ${code}`;
      finish({ ok: false, error: `${name}: ${why}${tail ? `: ${tail}` : ''}` });
    });
  });
}

function lastChars(text: string, count: number): string {
  return text.length <= count ? text : `…${text.slice(text.length - count + 1)}`;
}
