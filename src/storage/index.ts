export { type AuditEntry, appendAudit } from './audit.ts';
export { columnArrays, unnestColumns } from './column-arrays.ts';
export { type Db, type Dialect, dialectOf, type Engine, type Queryable, sqlFor } from './db.ts';
export { GroupCommit, type GroupCommitOptions } from './group-commit.ts';
export { dataDirHolder, type LockHolder } from './lock.ts';
export { listMigrations, migrate } from './migrate.ts';
export type { StorageOptions } from './open.ts';
export { openStorage } from './open.ts';
export { asStorageError } from './unavailable.ts';
