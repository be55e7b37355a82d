export { type AuditEntry, appendAudit } from './audit.ts';
export type { Db, Engine, Queryable } from './db.ts';
export { listMigrations, migrate } from './migrate.ts';
export type { StorageOptions } from './open.ts';
export { openStorage } from './open.ts';
export { asStorageError } from './unavailable.ts';
