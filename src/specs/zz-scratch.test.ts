import { it } from 'vitest';
import { loadTexts, problemLines } from './test-support.ts';
const doc = (kind: string, name: string, spec: string) =>
  `apiVersion: nines.dev/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
it('scratch', () => {
  const show = (t: Record<string, string>, base = true) => console.log(JSON.stringify(problemLines(loadTexts(t, base)), null, 1));
  show({ 'slo.yaml': doc('SLO', 'a', '  service: chekout\n  objective: 120\n  indicator: { probe: nope }\n  policy: lax\n') });
  show({ 'slo.yaml': doc('SLO', 'a', '  service: 42\n  objective: 120\n  indicator: { prometheus: { source: thanos, totalQuery: "t[{{.window}}]" } }\n  policy: Lax\n') });
  show({ 's.yaml': doc('Service', 'cart', '  owner: core\n  tier: 9\n  dependsOn: [pricing, 7, checkout, cart]\n') + '---\n' + doc('Probe', 'p', '  service: carts\n  interval: 1x\n  http: { url: "https://x/" }\n') });
});
