export type { EngineContext } from '../context/index.ts';
