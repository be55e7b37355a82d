export type { Answer, ApiClient, ApiClientOptions, PathParams, Query } from './create-api-client.ts';
export { createApiClient } from './create-api-client.ts';
export type { components, paths } from './schema.ts';
