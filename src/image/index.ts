// Public surface of the image reader. Knows nothing about policies.
export type * from './types.js'
export { readImage, readImages, type ReadOptions, type ReadProgress, type ArchiveInput } from './read.js'
export type { ImageVisitor, ImagesRead } from './assemble.js'
export type { UnreadablePlatform } from './selection.js'
export { mergeLayers, type MergeResult } from './merge.js'
