/** Names one shared cache and the type of what it holds. */
export interface CacheKey<T> {
  readonly name: string;
  /** Never set: carries `T` so `get` is typed by its key. */
  readonly type?: T;
}

export function cacheKey<T>(name: string): CacheKey<T> {
  return { name };
}

/** Caches of one installation, created on first use; a new context starts with none. */
export interface SharedCaches {
  get<T>(key: CacheKey<T>, create: () => T): T;
}

export function createCaches(): SharedCaches {
  const values = new Map<CacheKey<unknown>, unknown>();
  return {
    get<T>(key: CacheKey<T>, create: () => T): T {
      if (!values.has(key)) values.set(key, create());
      return values.get(key) as T;
    },
  };
}
