// Public surface of the image reader. Knows nothing about policies.
export type * from './types.js'
export { readImage, type ReadOptions, type ReadProgress, type ArchiveInput } from './read.js'
export { mergeLayers, type MergeResult } from './merge.js'
