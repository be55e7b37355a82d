/** Appends `value` to the list `map` holds under `key` (creating it): linear, where copying the list each time is quadratic. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
