// The order of paths and names in evaluations and reports: by UTF-16 code unit, the same on every
// machine. localeCompare would follow the runner's locale, and its first call sets up ICU's collator,
// on every run.
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
