// Bounds that keep hostile archives from exhausting memory or time. Real images stay far below them.

export interface ReadLimits {
  /**
   * Entries across all layers of the archive, and across the layers of the image as merged (a blob
   * the manifest names twice counts twice). Each costs memory in its layer's table until the merge, and
   * time (docs/benchmarks.md, "Figures behind the code's comments").
   */
  maxEntries: number
  /** Bytes kept in memory across the archive: paths, link targets, captured content, applet tables, JSON. */
  maxRetainedBytes: number
  /** Uncompressed bytes of one layer. */
  maxLayerBytes: number
  /** Uncompressed/compressed ratio of a layer, checked once it passes `ratioCheckAfterBytes`. */
  maxCompressionRatio: number
  ratioCheckAfterBytes: number
  /** One JSON document of the archive (manifest, index, config). */
  maxMetadataBytes: number
  /** A PAX header or GNU long name. */
  maxTarMetaBytes: number
  /** A normalised path, in the name's own bytes (Linux's PATH_MAX is 4096). */
  maxPathBytes: number
  /** One component of a normalised path (Linux's NAME_MAX is 255). */
  maxPathComponentBytes: number
  /** A symlink's target, or a hard link's normalised target path. */
  maxLinkTargetBytes: number
  /** Bytes kept of one captured file. */
  maxCaptureBytes: number
  /** Layers in one image. */
  maxLayers: number
  /** Path components read from symlink targets while resolving paths, across the merge and the rules. */
  maxSymlinkSteps: number
}

export const DEFAULT_LIMITS: ReadLimits = {
  // Well past real images (a large one has 100,000 entries) while bounding memory and time.
  maxEntries: 1_000_000,
  maxRetainedBytes: 512 * 2 ** 20,
  maxLayerBytes: 64 * 2 ** 30,
  maxCompressionRatio: 1000,
  ratioCheckAfterBytes: 2 ** 30,
  maxMetadataBytes: 16 * 2 ** 20,
  maxTarMetaBytes: 2 ** 20,
  // Linux refuses longer names (ENAMETOOLONG), so Docker cannot unpack a layer that has one either.
  maxPathBytes: 4096,
  maxPathComponentBytes: 255,
  maxLinkTargetBytes: 4096,
  maxCaptureBytes: 4 * 2 ** 20,
  maxLayers: 1000,
  // Each symlink is expanded once and reused; real images spend a few steps per symlink.
  maxSymlinkSteps: 20_000_000
}

/** The command-line flag that raises a limit, for error messages: maxLayerBytes → --max-layer-bytes. */
export function limitFlag(name: keyof ReadLimits): string {
  return `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`
}
