import { it } from 'vitest';
import { loadTexts, problemLines } from './test-support.ts';
it('scratch', () => {
  const show = (t: Record<string, string>, base = true) => console.log(JSON.stringify(problemLines(loadTexts(t, base)), null, 1));
  show({ 'o.yaml': `apiVersion: openslo/v1
kind: SLO
metadata: { name: orders }
spec:
  service: chekout
  indicatorRef: ratio
  budgetingMethod: Occurrences
  objectives: [{ target: 99 }]
---
apiVersion: openslo/v1
kind: Service
metadata: { name: orders, labels: { owner: [paymnts] }, annotations: { tier: 1 } }
---
apiVersion: openslo/v1
kind: Service
metadata: { name: search, labels: { owner: Search Team } }
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: search-slo }
spec:
  service: search
  indicatorRef: ratio
  budgetingMethod: Occurrences
  objectives: [{ target: 0.99 }]
---
apiVersion: openslo/v1
kind: SLI
metadata: { name: ratio }
spec:
  ratioMetric:
    good: { metricSource: { metricSourceRef: a, spec: { query: good } } }
    total: { metricSource: { metricSourceRef: b, spec: { query: total } } }
` });
  show({ 's.yaml': `version: "prometheus/v1"
service: chekout
labels: { team: 7 }
slos: []
`, 'k.yaml': `apiVersion: sloth.slok.dev/v1
kind: PrometheusServiceLevel
metadata: { name: x }
spec:
  service: search
  slos:
    - { name: Bad, objective: 99, sli: { events: { error_query: "e[{{.window}}]", total_query: "t[{{.window}}]" } } }
    - { name: worse, objective: 100, sli: { events: { error_query: "e[{{.window}}]", total_query: "t[{{.window}}]" } } }
` });
  show({ 'c.yaml': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: search_api }
spec:
  owner: group:default/search
  dependsOn: [component:default/index, resource:default/db, 7, Component:Bad_Name, checkout]
` });
});
