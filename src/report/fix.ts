// The fix on every violation: the rule's advice (FindingFix) completed with what only the report knows:
// the Dockerfile instruction or history step that made the layer (and the one that deleted a file it still
// ships), the stage a `COPY --from` took it from, a multi-stage snippet built on the stage's own FROM, a
// waiver to paste. Every value from the image, the policy or the Dockerfile is made printable here (and
// Dockerfile lines redacted): fixes go to terminals, logs, JSON, SARIF and summaries. A Dockerfile line is
// written "Dockerfile:3 (RUN …)", never inside other parentheses.
import type { DockerfileMap, InstructionRef } from '../dockerfile/map.js'
import type { Image } from '../image/types.js'
import type { FindingFix, Violation } from '../policy/types.js'
import { EXPIRED_WAIVER } from '../policy/registry.js'
import { REASON_PLACEHOLDER, globForPath, suggestedExpiry, waiverLine } from '../policy/waiver-line.js'
import { printable, printableLine } from '../common/printable.js'
import { readOsRelease } from '../analysis/os-release.js'
import { redactCredentials } from '../analysis/credentials.js'
import { layerCreatedBy } from './facts.js'
import { truncate } from './format.js'
import { instructionOf } from './locate.js'
import type { ReportInput } from './model.js'
import { ruleDocUrl } from './project.js'

/** A violation's fix as every report shows it. */
export interface ViolationFix {
  /** The remedy for this image and, with a matching Dockerfile, its lines: one to three sentences, printable. */
  text: string
  /** Lines to paste (Dockerfile instructions), printable. */
  snippet: string[]
  /** A line to paste under the policy's `waivers:`; absent when the violation is waived or concerns a waiver. */
  waiver?: string
}

/** The base a multi-stage snippet copies onto, by what the image runs. */
const DISTROLESS_STATIC = 'gcr.io/distroless/static-debian12'
const RUNTIME_BASES: [RegExp, string][] = [
  [/^node(js)?\d*$/, 'gcr.io/distroless/nodejs22-debian12'],
  [/^python3?(\.\d+)?$/, 'gcr.io/distroless/python3-debian12'],
  [/^java$/, 'gcr.io/distroless/java21-debian12']
]
const BASE_NAME_LABEL = 'org.opencontainers.image.base.name'
const LAUNCHERS = new Set(['sh', 'bash', 'ash', 'dash', 'busybox', 'env', 'tini', 'dumb-init'])

/** How an image's layer came to be, as the fix names it. */
interface LayerOrigin {
  /** "Dockerfile:3 (RUN apk add bash)", or without a matching Dockerfile "layer 2 (RUN apk add bash)"; printable. */
  where: string
  kind: 'base' | 'run' | 'copy-from' | 'copy' | 'other'
  /** COPY --from: the stage or image, printable. */
  from?: string
  /** The FROM line, for a base layer placed on the Dockerfile. */
  ref?: InstructionRef
}

export function violationFix(violation: Violation, input: ReportInput): ViolationFix {
  const advice: FindingFix = violation.fix ?? {
    text: `See ${ruleDocUrl(violation.rule)} for how to fix it.`
  }
  const map = input.dockerfile && !input.dockerfile.mismatch ? input.dockerfile : undefined
  const sentences = [printable(advice.text)]
  const snippet = (advice.snippet ?? []).map(printable)
  const origin = violation.layer === undefined ? undefined : layerOrigin(violation.layer, input.image, map)

  if (advice.inLayer?.kind === 'leave-out' && origin) {
    const leaveOut = leaveOutAt(origin)
    sentences.push(leaveOut)
    if (origin.kind === 'base') snippet.push(...multiStage(input.image, map))
  } else if (advice.inLayer?.kind === 'command') {
    const { sentence, lines } = commandAt(advice.inLayer, origin)
    sentences.push(sentence)
    snippet.push(...lines)
  } else if (origin) {
    sentences.push(`It comes from ${origin.where}.`)
  } else if (map && violation.hiddenBy === undefined && advice.instruction === undefined) {
    // A config setting (an exposed port): the instruction the annotation is placed on.
    const ref = instructionOf(violation, map)
    if (ref)
      sentences.push(
        ref.fromBaseImage ? `It comes from the base image, ${placed(ref)}.` : `It comes from ${placed(ref)}.`
      )
  }
  const hiddenBy = advice.hiddenBy
  if (hiddenBy && hiddenBy.layer !== violation.layer) {
    const at = layerOrigin(hiddenBy.layer, input.image, map)
    const verb = { deleted: 'deleted', overwritten: 'overwritten', opaque: 'hidden' }[hiddenBy.reason]
    const keeps = violation.layer === undefined ? 'the layer that wrote it' : `layer ${violation.layer}`
    sentences.push(
      `It is ${verb} by ${at?.kind === 'base' ? `the base image, ${at.where}` : (at?.where ?? `layer ${hiddenBy.layer}`)}, which leaves it in ${keeps}.`
    )
  }
  if (advice.newBase && !(advice.inLayer?.kind === 'leave-out' && origin?.kind === 'base')) {
    snippet.push(...multiStage(input.image, map))
  }
  if (advice.instruction !== undefined) {
    const { sentence, lines } = instructionAt(advice.instruction, violation, map)
    if (sentence) sentences.push(sentence)
    snippet.push(...lines)
  }
  const others = (advice.layers ?? []).filter((layer) => layer !== violation.layer)
  if (others.length > 0) {
    const named = others.map((layer) => {
      const at = layerOrigin(layer, input.image, map)
      return at && !at.where.startsWith('layer ')
        ? `layer ${layer}: ${at.where}`
        : (at?.where ?? `layer ${layer}`)
    })
    sentences.push(`${capitalise(named.join('; '))}.`)
  }
  return {
    text: sentences.join(' '),
    snippet,
    ...(violation.waived || violation.rule === EXPIRED_WAIVER.id
      ? {}
      : { waiver: suggestedWaiver(violation, input.evaluation.evaluatedAt) })
  }
}

/** The fix as one string (JSON `fix`): the text, the snippet indented, the waiver line. */
export function fixString(fix: ViolationFix): string {
  return [
    fix.text,
    ...fix.snippet.map((line) => `  ${line}`),
    ...(fix.waiver ? [`To waive it instead, under waivers: ${fix.waiver}`] : [])
  ].join('\n')
}

/** The waiver a report suggests for a violation: its rule, its exact path, 30 days from the run. */
export function suggestedWaiver(violation: Violation, now: Date): string {
  // Already safe for a terminal (yamlQuoted escapes every character printable would): printableLine is
  // a guard that changes nothing.
  return printableLine(
    waiverLine({
      rule: violation.rule,
      ...(violation.path === undefined ? {} : { path: globForPath(violation.path) }),
      reason: REASON_PLACEHOLDER,
      expires: suggestedExpiry(now)
    })
  )
}

function layerOrigin(index: number, image: Image, map: DockerfileMap | undefined): LayerOrigin | undefined {
  const ref = map?.locateLayer(index)
  if (ref) {
    const where = placed(ref)
    if (ref.fromBaseImage) return { where, kind: 'base', ref }
    return { where, ...kindOf(ref.instruction) }
  }
  const layer = image.layers[index]
  if (layer === undefined) return undefined
  const createdBy = layerCreatedBy(image, layer)
  const where = createdBy ? `layer ${index} (${printable(truncate(createdBy, 80))})` : `layer ${index}`
  const kind = kindOf(createdBy)
  // Without a Dockerfile the base image's layers cannot be told from the build's own; the first layer
  // that is not a RUN is the base image's root filesystem in every builder's images.
  if (index === 0 && kind.kind !== 'run') return { where: 'layer 0', kind: 'base' }
  return { where, ...kind }
}

/** "Dockerfile:3 (RUN apk add bash)": a Dockerfile line may hold a credential, shown redacted as everywhere. */
function placed(ref: InstructionRef): string {
  return `${printable(ref.location.file)}:${ref.location.line} (${printable(redactCredentials(ref.instruction))})`
}

function kindOf(instruction: string): Pick<LayerOrigin, 'kind' | 'from'> {
  const keyword = /^\s*(\w+)/.exec(instruction)?.[1]?.toUpperCase()
  if (keyword === 'RUN') return { kind: 'run' }
  if (keyword === 'COPY' || keyword === 'ADD') {
    const from = /(?:^|\s)--from=("[^"]*"|\S+)/.exec(instruction)?.[1]
    return from ? { kind: 'copy-from', from: printable(from.replace(/^"|"$/g, '')) } : { kind: 'copy' }
  }
  return { kind: 'other' }
}

function leaveOutAt(origin: LayerOrigin): string {
  switch (origin.kind) {
    case 'base':
      return `It comes with the base image, ${origin.where}. Build in a builder stage and copy only your program onto a base without it (for a glibc program, cc-debian12):`
    case 'run':
      return `It is added by ${origin.where}: remove it in that same RUN, or do that work in a builder stage and copy out only what runs.`
    case 'copy-from':
      return `It is copied from ${origin.from ?? 'another stage'} by ${origin.where}: copy only the files you need from there.`
    case 'copy':
      return `It is copied by ${origin.where}: keep it out of that COPY (a narrower source, or .dockerignore).`
    default:
      return `It is written by ${origin.where}: keep it out of that step.`
  }
}

function commandAt(
  inLayer: { command: string; copyFlag?: string },
  origin: LayerOrigin | undefined
): { sentence: string; lines: string[] } {
  const command = printable(inLayer.command)
  const run = `RUN ${command}`
  if (!origin) return { sentence: 'Run in the build:', lines: [run] }
  switch (origin.kind) {
    case 'run':
      return { sentence: `Append \`&& ${command}\` to ${origin.where}.`, lines: [] }
    case 'copy':
    case 'copy-from':
      return inLayer.copyFlag
        ? {
            sentence: `Add \`${printable(inLayer.copyFlag)}\` to ${origin.where}, or a RUN after it:`,
            lines: [run]
          }
        : { sentence: `Add after ${origin.where}:`, lines: [run] }
    default:
      return { sentence: `Add after ${origin.where}, in a stage that has the command:`, lines: [run] }
  }
}

function instructionAt(
  instruction: string,
  violation: Violation,
  map: DockerfileMap | undefined
): { sentence?: string; lines: string[] } {
  const shown = printable(instruction)
  const keyword = /^\s*(\w+)/.exec(instruction)?.[1]?.toUpperCase()
  const at = placed
  const stage = map?.stage ? `the stage at ${printable(map.file)}:${map.stage.location.line}` : undefined
  if (keyword === 'USER' && map?.user) return { sentence: `Change ${at(map.user)} to:`, lines: [shown] }
  if (keyword === 'LABEL' && map && violation.label !== undefined) {
    const label = map.label(violation.label)
    if (label) {
      const sets = label.instruction.includes(violation.label)
      return {
        sentence: `${sets ? 'Give it a value at' : 'Add it to'} ${at(label)}, or add:`,
        lines: [shown]
      }
    }
  }
  if (stage) return { sentence: `Add to ${stage}, after its last RUN:`, lines: [shown] }
  return { sentence: `In the Dockerfile's last stage:`, lines: [shown] }
}

/**
 * A builder stage and a distroless final stage: the build's own FROM renamed `build` (or kept with its
 * name), the base chosen by what the image runs, and the program the entrypoint names copied across.
 */
function multiStage(image: Image, map: DockerfileMap | undefined): string[] {
  const base = map?.locateLayer(0)
  const from = base?.fromBaseImage
    ? /^FROM\s+((?:--\S+\s+)*)(\S+)(?:\s+AS\s+(\S+))?/i.exec(base.instruction)
    : undefined
  const stageName = from?.[3] ?? 'build'
  const fromLine = from
    ? `FROM ${from[1]}${from[2]} AS ${stageName}`
    : `FROM ${printable(image.config.labels[BASE_NAME_LABEL] ?? image.annotations[BASE_NAME_LABEL] ?? osImage(image) ?? 'your-build-image')} AS build`
  const command = [...image.config.entrypoint, ...image.config.cmd]
  const launcher = command.find((word) => !LAUNCHERS.has(basename(word)))
  const runtime =
    launcher === undefined ? undefined : RUNTIME_BASES.find(([name]) => name.test(basename(launcher)))
  const program =
    !runtime &&
    launcher?.startsWith('/') &&
    !launcher.startsWith('/bin/') &&
    !launcher.startsWith('/usr/bin/')
      ? launcher
      : image.config.workingDir.startsWith('/') && image.config.workingDir !== '/'
        ? image.config.workingDir
        : '/app'
  return [
    printable(fromLine),
    `FROM ${runtime?.[1] ?? DISTROLESS_STATIC}`,
    printable(`COPY --from=${stageName} ${program} ${program}`)
  ]
}

/** The official image of the image's distribution and release, from its os-release: `alpine:3.20`. */
function osImage(image: Image): string | undefined {
  const release = readOsRelease(image.fs)?.fields
  const id = release?.ID
  const version = release?.VERSION_ID
  if (id === undefined || version === undefined || !/^[\d.]+$/.test(version)) return undefined
  if (id === 'alpine') return `alpine:${version.split('.').slice(0, 2).join('.')}`
  if (id === 'debian') return `debian:${version.split('.')[0]}`
  if (id === 'ubuntu') return `ubuntu:${version}`
  return undefined
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
