import type { WriteSeries } from '../../src/sources/remote-write/index.ts';

// The synthetic fleet both receivers are sent: what a Prometheus scraping a few hundred pods forwards.
// Most series (node, Go runtime, latency histograms) match no SLO; the request counters of some services
// match the SLOs' selectors, some of them grouped by route.

/** Services with SLOs; the fleet also runs services no SLO names. */
export const SLO_COUNT = 1000;
/** Every GROUPED_EVERY-th SLO is `sum by (route)`: one instance per route. */
export const GROUPED_EVERY = 10;
const SERVICES_SENDING_REQUESTS = 1200;
const ROUTES = ['/', '/api/orders', '/api/cart', '/api/search'];
const CODES = ['200', '404', '500'];
const NODE_MODES = ['idle', 'user', 'system', 'iowait', 'irq', 'softirq', 'steal', 'nice'];
const QUANTILES = ['0', '0.25', '0.5', '0.75', '1'];
const BUCKETS = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'];

/** Labels of one series, names sorted as Prometheus sends them. */
type Labels = Record<string, string>;

function sorted(labels: Labels): Labels {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function podOf(service: number, replica: number) {
  return {
    instance: `10.${(service >> 8) & 255}.${service & 255}.${replica + 10}:8080`,
    pod: `svc-${service}-7d9f8c6b5-${replica}x${(service * 7919) % 99_991}`,
    namespace: `team-${service % 40}`,
  };
}

/** The request counters: matching the SLOs for services below SLO_COUNT, nobody's above it. */
function requestSeries(): Labels[] {
  const series: Labels[] = [];
  for (let service = 0; service < SERVICES_SENDING_REQUESTS; service++) {
    for (const route of ROUTES.slice(0, service % GROUPED_EVERY === 0 ? 4 : 1)) {
      for (const code of CODES) {
        series.push({
          __name__: 'http_requests_total',
          job: 'kubernetes-pods',
          service: `svc-${service}`,
          route,
          code,
          ...podOf(service, 0),
        });
      }
    }
  }
  return series;
}

/** Everything else a pod and its node expose, repeated until the fleet has `size` series. */
function otherSeries(size: number): Labels[] {
  const series: Labels[] = [];
  for (let pod = 0; series.length < size; pod++) {
    const where = podOf(pod, 1);
    for (const quantile of QUANTILES) {
      series.push({ __name__: 'go_gc_duration_seconds', job: 'kubernetes-pods', quantile, ...where });
    }
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'go_goroutines']) {
      series.push({ __name__: name, job: 'kubernetes-pods', ...where });
    }
    for (const le of BUCKETS) {
      series.push({
        __name__: 'http_request_duration_seconds_bucket',
        job: 'kubernetes-pods',
        service: `svc-${pod}`,
        route: ROUTES[pod % ROUTES.length] as string,
        le,
        ...where,
      });
    }
    for (let cpu = 0; cpu < 4; cpu++) {
      for (const mode of NODE_MODES) {
        series.push({
          __name__: 'node_cpu_seconds_total',
          job: 'node-exporter',
          cpu: String(cpu),
          mode,
          instance: `node-${pod % 64}:9100`,
        });
      }
    }
  }
  return series.slice(0, size);
}

/** The fleet's series in `shards` requests of `perRequest` each, request counters spread evenly. */
export function fleetShards(shards: number, perRequest: number): Labels[][] {
  const requests = requestSeries();
  const others = otherSeries(shards * perRequest - requests.length);
  const all = [...requests, ...others].map(sorted);
  // Interleave so every request carries its share of SLO series, as a scrape of many pods does.
  const out: Labels[][] = Array.from({ length: shards }, () => []);
  for (const [index, labels] of all.entries()) out[index % shards]?.push(labels);
  return out;
}

/** One request of round `round`: every series one sample, counters rising, a few errors. */
export function roundRequest(shard: Labels[], round: number, timestampMs: number): WriteSeries[] {
  return shard.map((labels, index) => {
    const rate = labels.code === '500' ? 1 : labels.code === '404' ? 3 : 40 + (index % 17);
    return { labels, samples: [{ value: rate * round + (index % 5), timestampMs }] };
  });
}

/** The SLO YAML for the fleet: SLO_COUNT SLOs of a remote-write data source. */
export function fleetConfig(prometheusUrl: string): Record<string, string> {
  const slos: string[] = [];
  for (let service = 0; service < SLO_COUNT; service++) {
    const by = service % GROUPED_EVERY === 0 ? ' by (route)' : '';
    const selector = `job="kubernetes-pods",service="svc-${service}"`;
    slos.push(`apiVersion: nines.dev/v1
kind: SLO
metadata: { name: svc-${service}-availability }
spec:
  service: fleet
  objective: 99.9
  window: 30d
  indicator:
    prometheus:
      source: fleet
      errorQuery: sum${by} (rate(http_requests_total{${selector},code=~"5.."}[{{.window}}]))
      totalQuery: sum${by} (rate(http_requests_total{${selector}}[{{.window}}]))${by ? '\n      groupBy: [route]' : ''}
`);
  }
  return {
    'catalog.yaml': `apiVersion: nines.dev/v1
kind: Team
metadata: { name: platform }
---
apiVersion: nines.dev/v1
kind: Service
metadata: { name: fleet }
spec: { owner: platform }
`,
    'sources.yaml': `apiVersion: nines.dev/v1
kind: DataSource
metadata: { name: fleet }
spec: { type: prometheus, url: "${prometheusUrl}", remoteWrite: true }
`,
    'slos.yaml': slos.join('---\n'),
  };
}
