/** A small deterministic generator, so a failing run can be replayed. */
export function seeded(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
}
