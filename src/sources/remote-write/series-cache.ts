/**
 * What was decided about each series, keyed by its label bytes, in bounded memory: two generations of at
 * most `generationSize` entries; when the young one fills, the old one is dropped and the young one ages.
 * A series sent at least once per generation stays; gone series leave within two generations.
 */
export class SeriesCache<T> {
  private young = new Map<string, T>();
  private old = new Map<string, T>();

  constructor(private readonly generationSize = 32_768) {}

  get(key: string): T | undefined {
    const found = this.young.get(key);
    if (found !== undefined) return found;
    const aged = this.old.get(key);
    if (aged !== undefined) this.set(key, aged);
    return aged;
  }

  set(key: string, value: T): void {
    if (this.young.size >= this.generationSize) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}
