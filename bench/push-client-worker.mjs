// Worker threads do not inherit tsx's loader from `--import tsx`; register it here, then load the client.
import { register } from 'tsx/esm/api';

register();
await import('./push-client.ts');
