// A column of whole numbers in 16 or 32 bits per row, with the rare value that does not fit (a size
// past 4 GiB, a uid past 65535, the root's layer -1) kept aside: most images need 2 or 4 bytes per
// field where a Float64Array would take 8.
export class NarrowColumn {
  private values: Uint16Array | Uint32Array
  /** Rows whose value did not fit; their slot holds `marker`. */
  private readonly wide = new Map<number, number>()
  private readonly marker: number

  constructor(bits: 16 | 32, length: number) {
    this.values = bits === 16 ? new Uint16Array(length) : new Uint32Array(length)
    this.marker = bits === 16 ? 0xffff : 0xffffffff
  }

  get capacity(): number {
    return this.values.length
  }

  /** Room for `total` rows; grows to at least twice the size so appends stay amortised. */
  reserve(total: number): void {
    this.values = grown(this.values, total)
  }

  get(row: number): number {
    const value = this.values[row]
    return value === this.marker ? (this.wide.get(row) as number) : value
  }

  set(row: number, value: number): void {
    if (value >= 0 && value < this.marker && Number.isInteger(value)) {
      if (this.values[row] === this.marker) this.wide.delete(row)
      this.values[row] = value
    } else {
      this.values[row] = this.marker
      this.wide.set(row, value)
    }
  }
}

/** The same array when it holds `needed` rows, else a copy at least twice as long (appends stay amortised). */
export function grown<T extends Int32Array | Uint32Array | Uint16Array | Uint8Array>(
  array: T,
  needed: number
): T {
  if (needed <= array.length) return array
  const next = new (array.constructor as new (length: number) => T)(Math.max(needed, array.length * 2))
  next.set(array)
  return next
}
