// `--source auto` decided before anything is read: the local engine when it has the image, the
// registry when the engine answers "no such image" or there is none; the log says which. Small on
// purpose: the action decides before it loads the reader.
import type { ImageSource, ResolvedSource } from './image-source.js'
import { engineHasImage } from './engine-image.js'

export async function resolveSource(source: ImageSource): Promise<ResolvedSource> {
  if (source.kind !== 'image') return source
  const answer = await engineHasImage(source.reference)
  const log = source.registry?.log
  if (answer === 'present') {
    log?.(`Reading ${source.reference} from the local Docker engine (source: auto)`)
    return { kind: 'docker', reference: source.reference }
  }
  log?.(
    `${source.reference} is not in ${answer === 'absent' ? 'the local Docker engine' : 'a local Docker engine (none is running)'}: reading it from its registry (source: auto)`
  )
  return {
    kind: 'registry',
    reference: source.reference,
    fallback: answer,
    ...(source.registry ? { registry: source.registry } : {})
  }
}
