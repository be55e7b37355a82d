import { z } from 'zod';
import {
  durationSchema,
  exactlyOneOf,
  httpUrlSchema,
  nameSchema,
  ninesDocumentSchema,
  secretRefSchema,
} from './schema-common.ts';

/** Spec of a `DataSource`: where SLI numbers are read from. */
export const dataSourceSpecSchema = z.strictObject({
  type: z.literal('prometheus').meta({ description: 'Kind of source; only prometheus for now.' }),
  url: httpUrlSchema.meta({ description: 'Base URL of the Prometheus HTTP API.' }),
  headers: z
    .record(z.string(), z.union([z.string(), secretRefSchema], { error: 'expected a string or {env: NAME}' }))
    .default({})
    .meta({ description: 'Extra request headers; values are text or {env: NAME}.' }),
  bearerToken: secretRefSchema
    .optional()
    .meta({ description: 'Bearer token, read from an environment variable.' }),
  timeout: durationSchema.default('10s').meta({ description: 'Timeout of one query.' }),
  step: durationSchema
    .default('1m')
    .meta({ description: 'Resolution of SLI buckets; also the {{.window}} of bucket queries.' }),
  remoteWrite: z.boolean().default(false).meta({
    description:
      'Prometheus pushes to POST /api/v1/write: SLOs whose queries are sum(rate|increase(one selector)) are fed by it and not polled.',
  }),
});

const statusCodeSchema = z.int('expected an HTTP status code').min(100).max(599);

const httpCheckSchema = z.strictObject({
  url: httpUrlSchema.meta({ description: 'URL to request.' }),
  method: z
    .enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])
    .default('GET')
    .meta({ description: 'HTTP method.' }),
  headers: z.record(z.string(), z.string()).default({}).meta({ description: 'Request headers.' }),
  body: z.string().optional().meta({ description: 'Request body.' }),
  expectStatus: z
    .union([statusCodeSchema, z.array(statusCodeSchema).min(1)], {
      error: 'expected a status code or a list of status codes',
    })
    .optional()
    .meta({ description: 'Accepted status code(s); any 2xx when absent.' }),
  maxResponseTime: durationSchema.optional().meta({ description: 'Slower answers count as failures.' }),
  bodyContains: z.string().optional().meta({ description: 'Text the response body must contain.' }),
  jsonPath: z
    .strictObject({
      path: z.string().regex(/^\$/, 'expected a JSONPath starting with $, e.g. $.status'),
      equals: z.unknown().refine((value) => value !== undefined, 'missing required field "equals"'),
    })
    .optional()
    .meta({ description: 'A value in the JSON body that must equal `equals`.' }),
  minCertDays: z
    .int()
    .min(0)
    .optional()
    .meta({ description: 'Fail when the TLS certificate expires in fewer days than this.' }),
  insecureSkipVerify: z.boolean().default(false).meta({ description: 'Accept untrusted certificates.' }),
});

const tcpCheckSchema = z.strictObject({
  host: z.string().min(1).meta({ description: 'Host name or address to connect to.' }),
  port: z.int().min(1).max(65535).meta({ description: 'TCP port.' }),
});

const dnsCheckSchema = z.strictObject({
  name: z.string().min(1).meta({ description: 'Name to resolve.' }),
  recordType: z
    .enum(['A', 'AAAA', 'CNAME', 'TXT', 'MX', 'NS', 'SRV'])
    .default('A')
    .meta({ description: 'Record type to ask for.' }),
  server: z
    .string()
    .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/, 'expected host or host:port of a DNS server')
    .optional()
    .meta({ description: 'Resolver to ask (host or host:port); the system resolver when absent.' }),
  expect: z
    .array(z.string())
    .min(1)
    .optional()
    .meta({ description: 'At least one answer must equal one of these.' }),
});

/** Spec of a `Probe`: a synthetic check run on an interval. */
export const probeSpecSchema = z
  .strictObject({
    service: nameSchema.optional().meta({ description: 'Service the probe watches (for display).' }),
    interval: durationSchema.default('30s').meta({ description: 'Time between runs.' }),
    timeout: durationSchema.default('10s').meta({ description: 'Time one attempt may take.' }),
    retries: z
      .int()
      .min(0)
      .max(10)
      .default(0)
      .meta({ description: 'Extra attempts before a run counts as bad.' }),
    http: httpCheckSchema.optional().meta({ description: 'An HTTP(S) request.' }),
    tcp: tcpCheckSchema.optional().meta({ description: 'A TCP connection.' }),
    dns: dnsCheckSchema.optional().meta({ description: 'A DNS lookup.' }),
  })
  .check(exactlyOneOf(['http', 'tcp', 'dns']));

export const dataSourceDocumentSchema = ninesDocumentSchema('DataSource', dataSourceSpecSchema);
export const probeDocumentSchema = ninesDocumentSchema('Probe', probeSpecSchema);

export type DataSourceSpec = z.output<typeof dataSourceSpecSchema>;
export type ProbeSpec = z.output<typeof probeSpecSchema>;
