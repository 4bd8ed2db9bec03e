// How far a reader may run ahead of the decompressors: compressed bytes copied and queued for them.

/** Compressed bytes read ahead of the decompressors, across every layer blob of one read. */
export const READ_AHEAD_BYTES = 16 * 2 ** 20
/** Copies are made into reused slabs of the readers' chunk size. */
export const SLAB_BYTES = 2 ** 20

/** A copy of input owned by a decompressor until it has consumed it. */
export interface HeldCopy {
  bytes: Buffer
  /** The reused slab `bytes` lies in, if any. */
  slab: Buffer | undefined
  /** What the copy counts against the budget: a whole slab when it is one. */
  size: number
}

/**
 * Compressed input held for decompressors, shared by the layer blobs of one read: a reader may run
 * ahead into the next blob while the one before still inflates (so both inflate at once, on two
 * threads), but only this far, so memory stays bounded whatever the consumer's speed. Large copies
 * go into reused slabs: a fresh 1 MiB buffer per read is work for the kernel and the garbage collector.
 */
export class ReadAheadBudget {
  private held = 0
  private waiters: (() => void)[] = []
  private readonly slabs: Buffer[] = []

  constructor(readonly limit = READ_AHEAD_BYTES) {}

  get bytesHeld(): number {
    return this.held
  }

  get full(): boolean {
    return this.held >= this.limit
  }

  /** Settles once the bytes held drop below the limit. */
  room(): Promise<void> {
    if (!this.full) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  /** An empty slab to gather small pieces into, counted as held until given back. */
  emptySlab(): HeldCopy {
    const slab = this.slabs.pop() ?? Buffer.allocUnsafeSlow(SLAB_BYTES)
    this.held += SLAB_BYTES
    return { bytes: slab.subarray(0, 0), slab, size: SLAB_BYTES }
  }

  copy(piece: Buffer): HeldCopy {
    let held: HeldCopy
    if (piece.length < SLAB_BYTES / 4 || piece.length > SLAB_BYTES) {
      held = { bytes: Buffer.from(piece), slab: undefined, size: piece.length }
    } else {
      const slab = this.slabs.pop() ?? Buffer.allocUnsafeSlow(SLAB_BYTES)
      piece.copy(slab)
      held = { bytes: slab.subarray(0, piece.length), slab, size: SLAB_BYTES }
    }
    this.held += held.size
    return held
  }

  /**
   * Gives back a copy. Only a copy the decompressor is known to be done with may be reused: one given
   * back because its stream was destroyed may still be read by zlib's thread.
   */
  give(copy: HeldCopy, reusable: boolean): void {
    if (reusable && copy.slab && this.slabs.length < this.limit / SLAB_BYTES) this.slabs.push(copy.slab)
    this.held -= copy.size
    if (this.full || this.waiters.length === 0) return
    const waiters = this.waiters
    this.waiters = []
    for (const wake of waiters) wake()
  }
}
