// Deterministic pseudo-random numbers (sfc32) and a content pool whose gzip ratio looks like a real
// image layer (mostly text-like with incompressible binary runs), so gzip timings are realistic.

export function createRng(seed) {
  let a = 0x9e3779b9 ^ seed
  let b = 0x243f6a88 ^ (seed * 31)
  let c = 0xb7e15162 ^ (seed * 131)
  let d = 1
  const next = () => {
    a >>>= 0
    b >>>= 0
    c >>>= 0
    d >>>= 0
    let t = (a + b) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    d = (d + 1) | 0
    t = (t + d) | 0
    c = (c + t) | 0
    return t >>> 0
  }
  for (let i = 0; i < 16; i++) next()
  return {
    u32: next,
    /** Uniform in [0, 1). */
    float: () => next() / 4294967296,
    /** Uniform integer in [0, n). */
    int: (n) => Math.floor((next() / 4294967296) * n)
  }
}

const POOL_BYTES = 8 * 1024 * 1024
const BINARY_SHARE = 0.2

/** 8 MiB of deterministic bytes: text made of a small vocabulary, with runs of random bytes. */
export function createContentPool(seed) {
  const rng = createRng(seed)
  const letters = 'etaoinshrdlucmfwypvbgkjqxz_'
  const vocabulary = []
  for (let i = 0; i < 4096; i++) {
    const length = 2 + rng.int(10)
    let word = ''
    for (let j = 0; j < length; j++) word += letters[Math.min(rng.int(27), rng.int(27))]
    vocabulary.push(Buffer.from(word))
  }
  const separators = [' ', ' ', ' ', '\n', ', ', '.\n', '(', ') ', ' = ', ';\n', '/'].map((s) =>
    Buffer.from(s)
  )
  const pool = Buffer.allocUnsafe(POOL_BYTES)
  let offset = 0
  while (offset < POOL_BYTES) {
    const runLength = Math.min(256 + rng.int(8192), POOL_BYTES - offset)
    const end = offset + runLength
    if (rng.float() < BINARY_SHARE) {
      for (; offset < end; offset += 4) pool.writeUInt32LE(rng.u32(), Math.min(offset, POOL_BYTES - 4))
      offset = end
    } else {
      while (offset < end) {
        const word = vocabulary[Math.min(rng.int(4096), rng.int(4096))]
        offset += word.copy(pool, offset, 0, Math.min(word.length, end - offset))
        if (offset < end) {
          const separator = separators[rng.int(separators.length)]
          offset += separator.copy(pool, offset, 0, Math.min(separator.length, end - offset))
        }
      }
    }
  }
  return pool
}
