// A registry repository as a blob store for the reader: the manifest (or index) the reference names,
// documents by digest, layer blobs streamed into the reader as they arrive. Never to disk, never whole
// in memory; the reader checks every digest (the transport is not trusted).
import { RegistryError } from '../../common/errors.js'
import type { BlobStore, LayerTarget, RootDocument } from '../../image/blob-store.js'
import { printableName } from '../../image/safe-path.js'
import type { Descriptor } from '../../image/select.js'
import { RegistryClient, type RegistryClientOptions } from './client.js'
import { type ImageReference, parseReference } from './reference.js'

/** Layer blobs fetched at once (skopeo fetches 6, crane 4). */
const PARALLEL_LAYERS = 4

export class RegistryStore implements BlobStore {
  readonly layout = 'registry' as const
  readonly untrusted = true
  readonly parallelLayers = PARALLEL_LAYERS
  readonly client: RegistryClient
  readonly reference: ImageReference

  constructor(reference: string | ImageReference, options: RegistryClientOptions) {
    this.reference = typeof reference === 'string' ? parseReference(reference) : reference
    this.client = new RegistryClient(this.reference, options)
  }

  get name(): string {
    return this.client.name
  }

  async root(maxBytes: number): Promise<RootDocument> {
    const { manifestReference, digest } = this.reference
    const fetched = await this.client.manifest(manifestReference, maxBytes)
    const { createHash } = process.getBuiltinModule('node:crypto')
    const computed = `sha256:${createHash('sha256').update(fetched.bytes).digest('hex')}`
    // By tag, the registry's Docker-Content-Digest is the only statement of what it meant to send.
    if (!digest && fetched.digest && fetched.digest.startsWith('sha256:') && fetched.digest !== computed) {
      throw new RegistryError(
        `${this.name}: the manifest of ${printableName(this.reference.full)} has digest ${computed}, but the registry says ${printableName(fetched.digest, 80)}`
      )
    }
    return {
      bytes: fetched.bytes,
      where: this.reference.full,
      // By digest, the reader checks the bytes against it; by tag, it is what was received.
      digest: digest ?? computed,
      ...(fetched.mediaType ? { mediaType: fetched.mediaType } : {}),
      refs: [this.reference.full]
    }
  }

  document(descriptor: Descriptor, what: string, maxBytes: number): Promise<Buffer> {
    // Manifests (an image's, an index's, an attestation manifest) live under /manifests/, the rest under /blobs/.
    if (what === 'manifest' || what === 'attestation manifest') {
      return this.client.manifest(descriptor.digest, maxBytes).then((fetched) => fetched.bytes)
    }
    return this.client.blob(descriptor.digest, maxBytes, what)
  }

  async layer(descriptor: Descriptor, target: LayerTarget, signal: AbortSignal): Promise<void> {
    await this.client
      .streamBlob(
        descriptor.digest,
        descriptor.size,
        (chunk) => {
          target.write(chunk)
          if (target.hasFailed) throw new StopReading()
          return target.drain
        },
        signal
      )
      .catch((error: unknown) => {
        if (!(error instanceof StopReading)) throw error
      })
    if (!target.hasFailed) target.end()
  }
}

/** The reader gave up on a blob (a limit, corrupt data): its own error says why. */
class StopReading extends Error {}
