// Small deterministic generators, so a failing run can be replayed from its seed.

/** Draws for generated test inputs. */
export interface Random {
  next: () => number
  int(below: number): number
  chance(probability: number): boolean
  pick<T>(items: readonly T[]): T
  bytes(length: number): Buffer
}

/**
 * mulberry32: a full-period 32-bit generator in 32-bit integer arithmetic (an LCG in doubles would
 * multiply past 2^53, lose bits and fall into a short cycle).
 */
export function random(seed: number): Random {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
  return {
    next,
    int: (below) => Math.floor(next() * below),
    chance: (probability) => next() < probability,
    pick: (items) => items[Math.floor(next() * items.length)],
    bytes: (length) => Buffer.from(Array.from({ length }, () => Math.floor(next() * 256)))
  }
}

/** A number in [0, 1) per call. */
export function seeded(seed: number): () => number {
  const { next } = random(seed)
  return next
}
