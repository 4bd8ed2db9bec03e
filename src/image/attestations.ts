// The build attestations an index attaches to one of its images: BuildKit's attestation manifests (one
// per platform, beside the images, platform unknown/unknown), each layer an in-toto statement whose
// predicate type says what it is (SLSA provenance, an SPDX or CycloneDX SBOM). Which image a manifest
// attests is the index's word (`vnd.docker.reference.digest`, or the manifest's `subject`); the
// statements are read for their type. Nothing here checks a signature: BuildKit signs none.
// I/O-free: the caller says how a document is fetched.
import { ImageReadError, LimitError } from '../common/errors.js'
import {
  expectObject,
  isObject,
  optionalArray,
  optionalString,
  optionalStringMap,
  parseJson
} from './json.js'
import { printableName } from './safe-path.js'
import type { AttestationRef, Descriptor } from './select.js'
import type { AttestationStatement, ImageAttestations } from './types.js'

export type { AttestationStatement, ImageAttestations } from './types.js'

export const IN_TOTO_LAYER = 'application/vnd.in-toto+json'
const PREDICATE_ANNOTATION = 'in-toto.io/predicate-type'

/** Fetches a document by its descriptor (bounded by the reader's metadata limit: a LimitError above). */
export type DocumentFetch = (descriptor: Descriptor, what: string) => Promise<Buffer>

/** Attestations of an image whose candidate had `refs` beside it (undefined: it came from no index). */
export async function readAttestations(
  refs: readonly AttestationRef[] | undefined,
  manifestDigest: string | undefined,
  fetch: DocumentFetch
): Promise<ImageAttestations> {
  if (!refs) return { carried: false, statements: [], problems: [] }
  const out: ImageAttestations = { carried: true, statements: [], problems: [] }
  for (const ref of refs) {
    try {
      await readManifest(ref, manifestDigest, fetch, out)
    } catch (error) {
      if (!(error instanceof ImageReadError)) throw error
      out.problems.push(error.message)
    }
  }
  return out
}

async function readManifest(
  ref: AttestationRef,
  manifestDigest: string | undefined,
  fetch: DocumentFetch,
  out: ImageAttestations
): Promise<void> {
  const where = `attestation manifest ${printableName(ref.descriptor.digest)}`
  const manifest = expectObject(parseJson(await fetch(ref.descriptor, 'attestation manifest'), where), where)
  const subject = isObject(manifest.subject) ? manifest.subject.digest : undefined
  if (typeof subject === 'string' && manifestDigest && subject !== manifestDigest) {
    throw new ImageReadError(`${where} names another image as its subject (${printableName(subject)})`)
  }
  for (const [position, item] of optionalArray(manifest, 'layers', where).entries()) {
    const what = `${where}.layers[${position}]`
    const layer = expectObject(item, what)
    // BuildKit: any layer type other than an in-toto statement is to be ignored.
    if (optionalString(layer, 'mediaType', what) !== IN_TOTO_LAYER) continue
    const digest = optionalString(layer, 'digest', what)
    if (!digest) throw new ImageReadError(`${what} has no digest`)
    const annotated = optionalStringMap(layer, 'annotations', what)[PREDICATE_ANNOTATION]
    const statement = await readStatement({ digest, ...sizeOf(layer) }, fetch, annotated)
    out.statements.push({ ...statement, manifestDigest: ref.descriptor.digest, layerDigest: digest })
  }
}

async function readStatement(
  descriptor: Descriptor,
  fetch: DocumentFetch,
  annotated: string | undefined
): Promise<Pick<AttestationStatement, 'predicateType' | 'from'>> {
  const what = `in-toto statement ${printableName(descriptor.digest)}`
  let bytes: Buffer
  try {
    bytes = await fetch(descriptor, 'in-toto statement')
  } catch (error) {
    // An SBOM can be larger than any manifest: its layer's annotation then says its type.
    if (error instanceof LimitError && annotated) return { predicateType: annotated, from: 'annotation' }
    throw error
  }
  const statement = expectObject(parseJson(bytes, what), what)
  const type = optionalString(statement, '_type', what) ?? ''
  if (!type.startsWith('https://in-toto.io/Statement/')) {
    throw new ImageReadError(`${what} is not an in-toto statement (_type "${printableName(type, 80)}")`)
  }
  const predicateType = optionalString(statement, 'predicateType', what)
  if (!predicateType) throw new ImageReadError(`${what} has no predicateType`)
  return { predicateType, from: 'statement' }
}

function sizeOf(layer: Record<string, unknown>): { size?: number } {
  return typeof layer.size === 'number' ? { size: layer.size } : {}
}

/** What a predicate type attests, for policies: SLSA provenance v0.2 and v1, SPDX and CycloneDX SBOMs. */
export type AttestationKind = 'provenance' | 'sbom'

export function attestationKind(predicateType: string): AttestationKind | undefined {
  if (/^https:\/\/slsa\.dev\/provenance\/v(0\.2|1)$/.test(predicateType)) return 'provenance'
  if (/^https:\/\/(spdx\.dev\/Document|cyclonedx\.org\/bom)(\/v\d+(\.\d+)*)?$/.test(predicateType))
    return 'sbom'
  return undefined
}
