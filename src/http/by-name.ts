/** Orders by `name` in code-point order, the same on every machine (unlike localeCompare). */
export function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
