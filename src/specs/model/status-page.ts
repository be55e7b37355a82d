// The public status page and its components.

import type { Origin, SourceLocation } from './common.ts';

/** One line of the public status page: a service or a group of them, under a public name. */
export interface StatusComponent {
  /** Stable key used in the API and URLs (`[a-z0-9-]`). */
  name: string;
  /** What the public reads; never the internal service names unless the config says so. */
  displayName: string;
  description?: string;
  services: string[];
  /** Optional heading the component is listed under. */
  group?: string;
}

/**
 * Which firing burn alerts make a component look degraded to the public: `page` (the default) only
 * page-severity ones (a fast burn users notice), `ticket` slow-burn ticket alerts too.
 */
export type DegradeOn = 'page' | 'ticket';

/** The public status page: what is shown, under which names. At most one per installation. */
export interface StatusPage {
  name: string;
  title: string;
  description?: string;
  components: StatusComponent[];
  degradeOn: DegradeOn;
  origin: Origin;
  source: SourceLocation;
}
