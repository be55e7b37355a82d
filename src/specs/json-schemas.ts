import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { type NinesKind, ninesDocumentSchemas } from './schema.ts';

const fileNames: Record<NinesKind, string> = {
  Team: 'team.schema.json',
  Service: 'service.schema.json',
  DataSource: 'data-source.schema.json',
  Probe: 'probe.schema.json',
  ErrorBudgetPolicy: 'error-budget-policy.schema.json',
  SLO: 'slo.schema.json',
  Person: 'person.schema.json',
  Schedule: 'schedule.schema.json',
  EscalationPolicy: 'escalation-policy.schema.json',
  AlertRoute: 'alert-route.schema.json',
  Silence: 'silence.schema.json',
  Integration: 'integration.schema.json',
  IncidentPolicy: 'incident-policy.schema.json',
  FreezeWindow: 'freeze-window.schema.json',
  RolloutPlan: 'rollout-plan.schema.json',
  StatusPage: 'status-page.schema.json',
};

/** One JSON Schema text per nines.dev/v1 kind, keyed by file name; describes what may be written (defaults optional). */
export function renderJsonSchemas(): Record<string, string> {
  const rendered: Record<string, string> = {};
  for (const kind of Object.keys(fileNames) as NinesKind[]) {
    const schema = z.toJSONSchema(ninesDocumentSchemas[kind], { io: 'input', target: 'draft-2020-12' });
    const titled = { ...schema, title: `Nines ${kind} (nines.dev/v1)` };
    rendered[fileNames[kind]] = `${JSON.stringify(titled, null, 2)}\n`;
  }
  return rendered;
}

/** Writes the JSON Schemas into `outDir` (created if needed) and returns the paths written. */
export async function writeJsonSchemas(outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const [name, text] of Object.entries(renderJsonSchemas())) {
    const path = join(outDir, name);
    await writeFile(path, text);
    written.push(path);
  }
  return written;
}
