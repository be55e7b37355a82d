export type { Answer, ApiClient, ApiClientOptions, Query } from './create-api-client.ts';
export { createApiClient } from './create-api-client.ts';
export type { components, paths } from './schema.ts';
