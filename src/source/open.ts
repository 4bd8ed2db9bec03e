// Opens a source with the module of its kind.
import { openArchive } from './archive.js'
import { openDockerImage } from './docker/image.js'
import type { OpenedSource, ResolvedSource } from './image-source.js'
import { openLayout, openRegistryImage } from './store-image.js'

export function openSource(source: ResolvedSource): OpenedSource {
  if (source.kind === 'docker') return openDockerImage(source.reference, source.save)
  if (source.kind === 'layout') return openLayout(source.path)
  if (source.kind === 'registry') return openRegistryImage(source)
  return openArchive(source)
}
