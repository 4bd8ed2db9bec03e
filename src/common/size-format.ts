// Human-readable sizes in powers of 1000, the unit family `docker image ls` uses. One formatter for
// every part of the project; rule messages ask for one more digit on small values (limits are compared).
const UNITS = ['B', 'kB', 'MB', 'GB', 'TB']

export function formatSize(bytes: number, options: { precise?: boolean } = {}): string {
  let value = bytes
  let unit = 0
  while (Math.abs(value) >= 1000 && unit < UNITS.length - 1) {
    value /= 1000
    unit++
  }
  if (unit === 0) return `${bytes} B`
  const digits = value >= 100 ? 0 : value >= 10 || !options.precise ? 1 : 2
  return `${value.toFixed(digits)} ${UNITS[unit]}`
}
