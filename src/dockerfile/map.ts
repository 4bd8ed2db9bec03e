// Maps image layers to the Dockerfile instructions that created them, or says the Dockerfile is not the
// one the image was built from. Layers → history: each non-empty history entry created one layer, in
// order. History → instructions: a stage's instructions (with those of the stages it is built FROM) must
// be the end of the history, each matched on what the builder records of it:
//   RUN       the command line (shell form after the stage's SHELL, exec form's words), as written
//   COPY/ADD  BuildKit: sources and destination (and --chown/--chmod when recorded); legacy builder: the
//             destination and whether one file, one directory or several sources were copied
//   others    the keyword (their recorded form is canonicalised: EXPOSE map[80/tcp:{}], resolved WORKDIR)
// Every instruction must be found (ARG and ONBUILD excepted: BuildKit may not record them) and every
// layer after the first matched entry must belong to an instruction. History before that comes from the
// base image and maps to the root stage's FROM line (none may exist below FROM scratch). The last stage
// is tried first, then the others (an image built with --target); when none matches, nothing is placed
// on the Dockerfile and the mismatch is said once.
import {
  DockerfileParser,
  ModifiableInstruction,
  type Dockerfile,
  type From,
  type Instruction
} from 'dockerfile-ast'
import type { HistoryEntry, Layer } from '../image/types.js'
import { printableName } from '../image/safe-path.js'
import { readPortSpan, spanWithin } from '../common/ports.js'
import type { SourceLocation } from '../common/source-location.js'
import { readCreatedBy, type RecordedStep } from './history.js'

export interface InstructionRef {
  location: SourceLocation
  /** The instruction as written, flags included, on one line and shortened for display. */
  instruction: string
  /** True when the layer comes from the base image and this is the FROM line. */
  fromBaseImage: boolean
}

export interface DockerfileMismatch {
  /** One line: which Dockerfile, and what in it the image's history does not have (or the reverse). */
  message: string
  /** Where to annotate it: the last stage's FROM line. */
  location: SourceLocation
}

export interface DockerfileMap {
  file: string
  /** Set when the Dockerfile is not the one the image was built from: nothing is placed on its lines. */
  mismatch?: DockerfileMismatch
  /** The stage the image was built from, when matched (the last one unless built with --target). */
  stage?: { location: SourceLocation; name?: string; last: boolean }
  /** The instruction that created this layer, or undefined when it cannot be told. */
  locateLayer(layerIndex: number): InstructionRef | undefined
  /** The last USER instruction of the matched stages: the one that set the image's user. */
  user?: InstructionRef
  /** The LABEL instruction of the matched stages that sets `key` last, else the last LABEL. */
  label(key: string): InstructionRef | undefined
  /**
   * The last EXPOSE of the matched stages that exposes `port` (an ExposedPorts key, `8080/tcp`), else the
   * root stage's FROM line (the base image's config exposes it); undefined below FROM scratch.
   */
  exposing(port: string): InstructionRef | undefined
  /** Things the mapping could not do, for the log. */
  warnings: string[]
}

/** Past this many instruction × history cells the alignment is not attempted (hostile history). */
const MAX_ALIGNMENT_CELLS = 4_000_000
const DISPLAY_CHARS = 100

interface StageInstruction {
  keyword: string
  ref: InstructionRef
  /** ARG and ONBUILD: BuildKit records ONBUILD never and ARG only sometimes. */
  optional: boolean
  /** RUN: the command lines it may be recorded as (normalised). */
  runForms?: string[]
  /** RUN, shell form: the command alone, for a SHELL inherited from the base image. */
  runCommand?: string
  copy?: { sources: string[]; dest: string; flags: Map<string, string> }
  /** Metadata: arguments with quotes, commas, brackets, `=` and spaces removed. */
  squeezed: string
  /** LABEL: the keys it sets. */
  labelKeys?: string[]
  /** EXPOSE: its port specs as written (`80`, `443/udp`, `6000-6063`, `$PORT`). */
  ports?: string[]
}

interface Stage {
  from: From
  name?: string
  instructions: Instruction[]
  parent?: number
}

export function mapDockerfile(
  file: string,
  content: string,
  history: readonly HistoryEntry[],
  layers: readonly Layer[]
): DockerfileMap {
  const warnings: string[] = []
  const unmapped = (mismatch?: DockerfileMismatch): DockerfileMap => ({
    file,
    ...(mismatch ? { mismatch } : {}),
    locateLayer: () => undefined,
    label: () => undefined,
    exposing: () => undefined,
    warnings
  })
  const dockerfile = DockerfileParser.parse(content)
  const lines = content.split(/\r?\n/)
  const stages = splitStages(dockerfile)
  if (stages.length === 0) {
    return unmapped({
      message: `${file} has no FROM instruction: nothing is placed on its lines`,
      location: { file, line: 1, column: 1 }
    })
  }
  const recorded = history.map((entry) => readCreatedBy(entry.createdBy))
  const escape = dockerfile.getEscapeCharacter()
  const last = stages.length - 1
  const lastFrom = toRef(file, stages[last].from, true, lines, escape)

  const chainOf = (index: number): Stage[] => {
    const chain: Stage[] = []
    for (let at: number | undefined = index; at !== undefined && chain.length <= stages.length;) {
      chain.unshift(stages[at])
      at = stages[at].parent
    }
    return chain
  }
  const attempt = (index: number) => {
    const chain = chainOf(index)
    const instructions = stageInstructions(file, chain, lines, escape)
    if (instructions.length * recorded.length > MAX_ALIGNMENT_CELLS) return undefined
    const rootFrom = chain[0].from
    const scratch = rootFrom.getImageName()?.toLowerCase() === 'scratch'
    return { chain, instructions, result: match(instructions, recorded, history, scratch), rootFrom }
  }

  const lastAttempt = attempt(last)
  if (!lastAttempt) {
    warnings.push(
      `${file}: the image's history is too long to match against it; nothing is placed on its lines`
    )
    return unmapped()
  }
  let chosen = lastAttempt.result.ok ? { index: last, ...lastAttempt } : undefined
  for (let index = last - 1; !chosen && index >= 0; index--) {
    const other = attempt(index)
    // Another stage must prove itself: one with nothing the history records would match any image.
    if (other?.result.ok && other.result.strongPairs > 0) chosen = { index, ...other }
  }
  if (!chosen) {
    return unmapped({
      message: `${file} does not match the image's history (${lastAttempt.result.reason}): it is not the Dockerfile the image was built from, or not its last stage; nothing is placed on its lines`,
      location: lastFrom.location
    })
  }

  const { instructions, result, rootFrom } = chosen
  const byHistory = new Map<number, InstructionRef>()
  for (const [i, j] of result.pairs) byHistory.set(j, instructions[i].ref)
  // An EXPOSE's ports as written and as the builder recorded them (variables expanded).
  const recordedOf = new Map(result.pairs.map(([i, j]) => [i, recorded[j]]))
  const exposes = instructions.flatMap((instruction, i) =>
    instruction.ports
      ? [{ ref: instruction.ref, ports: [...instruction.ports, ...recordedPorts(recordedOf.get(i))] }]
      : []
  )
  const fromScratch = rootFrom.getImageName()?.toLowerCase() === 'scratch'
  const fromRef = toRef(file, rootFrom, true, lines, escape)
  const historyOfLayer = layerHistoryIndexes(history, layers)
  const users = instructions.filter((instruction) => instruction.keyword === 'USER')
  const labels = instructions.filter((instruction) => instruction.keyword === 'LABEL')
  const stage = stages[chosen.index]
  return {
    file,
    stage: {
      location: toRef(file, stage.from, true, lines, escape).location,
      ...(stage.name ? { name: stage.name } : {}),
      last: chosen.index === last
    },
    warnings,
    ...(users.length > 0 ? { user: users[users.length - 1].ref } : {}),
    label(key) {
      const setting = labels.filter((instruction) => instruction.labelKeys?.includes(key))
      return (setting[setting.length - 1] ?? labels[labels.length - 1])?.ref
    },
    exposing(port) {
      const wanted = readPortSpan(port)
      const exposing = wanted
        ? exposes.filter((expose) =>
            expose.ports.some((spec) => {
              const span = readPortSpan(spec)
              return span !== undefined && spanWithin(wanted, span)
            })
          )
        : []
      return exposing[exposing.length - 1]?.ref ?? (fromScratch ? undefined : fromRef)
    },
    locateLayer(layerIndex) {
      const historyIndex = historyOfLayer[layerIndex]
      if (historyIndex === undefined) return undefined
      if (historyIndex < result.firstOfStage) return fromRef
      return byHistory.get(historyIndex)
    }
  }
}

/** History position of each layer: the reader's `historyIndex`, else the n-th non-empty entry. */
export function layerHistoryIndexes(
  history: readonly HistoryEntry[],
  layers: readonly Layer[]
): (number | undefined)[] {
  const nonEmpty = history.flatMap((entry, index) => (entry.emptyLayer ? [] : [index]))
  // When history and layers disagree in count, positional mapping would be wrong: trust only the reader.
  const positional = nonEmpty.length === layers.length
  return layers.map((layer, index) => layer.historyIndex ?? (positional ? nonEmpty[index] : undefined))
}

function splitStages(dockerfile: Dockerfile): Stage[] {
  const stages: Stage[] = []
  const froms = new Map(dockerfile.getFROMs().map((from) => [from.getRange().start.line, from]))
  for (const instruction of dockerfile.getInstructions()) {
    const from = froms.get(instruction.getRange().start.line)
    if (from && instruction.getKeyword().toUpperCase() === 'FROM') {
      const name = from.getBuildStage() ?? undefined
      const image = from.getImageName()?.toLowerCase()
      const parent = image ? stages.findIndex((stage) => stage.name?.toLowerCase() === image) : -1
      stages.push({
        from,
        ...(name ? { name } : {}),
        instructions: [],
        ...(parent >= 0 ? { parent } : {})
      })
    } else if (stages.length > 0) stages[stages.length - 1].instructions.push(instruction)
  }
  return stages
}

// ---- What the builder records of each instruction -------------------------------------------------

function stageInstructions(
  file: string,
  chain: Stage[],
  lines: string[],
  escape: string
): StageInstruction[] {
  let shell: string[] | undefined
  const out: StageInstruction[] = []
  for (const stage of chain) {
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword().toUpperCase()
      const written = writtenArguments(instruction, lines, escape)
      const args = withoutFlags(written)
      const entry: StageInstruction = {
        keyword,
        ref: toRef(file, instruction, false, lines, escape),
        optional: keyword === 'ARG' || keyword === 'ONBUILD',
        squeezed: squeeze(keyword === 'HEALTHCHECK' ? args : written)
      }
      if (keyword === 'SHELL') shell = jsonArray(args) ?? shell
      if (keyword === 'RUN') Object.assign(entry, runForms(args, shell))
      if (keyword === 'COPY' || keyword === 'ADD') entry.copy = copyParts(written)
      if (keyword === 'LABEL') entry.labelKeys = labelKeys(args)
      if (keyword === 'EXPOSE') entry.ports = splitWords(args)
      out.push(entry)
    }
  }
  return out
}

/** The instruction's arguments as Docker's parser joins them: continuation lines glued, comment lines inside dropped. */
function writtenArguments(instruction: Instruction, lines: string[], escape: string): string {
  const content = instruction.getArgumentsContent() ?? ''
  // Heredocs keep their lines; dockerfile-ast hands them over as written.
  if (/<<-?\s*["']?\w+/.test(content) && content.includes('\n')) return withFlags(instruction, content)
  const { start, end } = instruction.getRange()
  let text = ''
  for (let line = start.line; line <= end.line && line < lines.length; line++) {
    let part = line === start.line ? lines[line].slice(start.character) : lines[line]
    if (line > start.line && /^\s*(#.*)?$/.test(part)) continue
    const continued = new RegExp(`${escapeRegExp(escape)}[ \\t]*$`)
    if (line < end.line && continued.test(part)) part = part.replace(continued, '')
    text += part
  }
  // Drop the keyword itself.
  return text.replace(/^\s*\S+\s*/, '')
}

function withFlags(instruction: Instruction, content: string): string {
  const flags =
    instruction instanceof ModifiableInstruction
      ? instruction.getFlags().map((flag) => {
          const value = flag.getValue()
          return value === null ? `--${flag.getName()}` : `--${flag.getName()}=${value}`
        })
      : []
  return [...flags, content].join(' ')
}

function withoutFlags(text: string): string {
  return text.replace(/^\s*(--[A-Za-z-]+(=\S*)?\s+)*/, '')
}

function runForms(
  args: string,
  shell: string[] | undefined
): Pick<StageInstruction, 'runForms' | 'runCommand'> {
  const exec = jsonArray(args)
  if (exec) return { runForms: [normalise(exec.join(' '))] }
  const command = normalise(heredocBody(args) ?? args)
  const forms = [normalise([...(shell ?? ['/bin/sh', '-c']), command].join(' '))]
  // A single heredoc is run as the whole text of its body; a heredoc inside a command as written.
  if (heredocBody(args) !== undefined)
    forms.push(normalise([...(shell ?? ['/bin/sh', '-c']), args].join(' ')))
  return { runForms: forms, ...(shell ? {} : { runCommand: command }) }
}

/** `<<EOF\n…\nEOF` alone: its body. */
function heredocBody(args: string): string | undefined {
  const heredoc = /^<<-?\s*["']?(\w+)["']?\s*\n([\s\S]*)\n\s*\1\s*$/.exec(args.trim())
  return heredoc ? heredoc[2] : undefined
}

function copyParts(written: string): StageInstruction['copy'] {
  const words = splitWords(written)
  const flags = new Map<string, string>()
  while (words.length > 0 && /^--[a-z-]+/.test(words[0])) {
    const word = words.shift() as string
    const equals = word.indexOf('=')
    flags.set(equals < 0 ? word.slice(2) : word.slice(2, equals), equals < 0 ? '' : word.slice(equals + 1))
  }
  const rest = words.join(' ')
  const exec = jsonArray(rest)
  const all = exec ?? words
  const dest = all[all.length - 1] ?? ''
  return { sources: all.slice(0, -1), dest, flags }
}

/** What a recorded EXPOSE lists: BuildKit `map[443/udp:{} 80/tcp:{}]`, the legacy builder `443/udp 80`. */
function recordedPorts(step: RecordedStep | undefined): string[] {
  if (step?.keyword !== 'EXPOSE') return []
  return splitWords(step.text.replace(/^map\[|\]$/g, '')).map((word) => word.replace(/:\{\}$/, ''))
}

function labelKeys(args: string): string[] {
  const keys: string[] = []
  for (const match of args.matchAll(/(?:^|\s)("([^"]*)"|'([^']*)'|[^\s="']+)=/g)) {
    keys.push(match[2] ?? match[3] ?? match[1])
  }
  return keys
}

function splitWords(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean)
}

function jsonArray(text: string): string[] | undefined {
  const trimmed = text.trim()
  if (!trimmed.startsWith('[')) return undefined
  try {
    const value: unknown = JSON.parse(trimmed)
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined
  } catch {
    return undefined
  }
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

function squeeze(text: string): string {
  return text.replace(/[\s"',[\]=]/g, '')
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Matches `recorded` against `written`, where the builder replaced `$VAR` and `${VAR…}` by their values. */
function sameExpanded(written: string, recorded: string): boolean {
  if (!written.includes('$')) return written === recorded
  const pattern = written
    .split(/(\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*)/)
    .map((part, index) => (index % 2 === 1 ? '\\S*' : escapeRegExp(part)))
    .join('')
  return new RegExp(`^${pattern}$`).test(recorded)
}

function toRef(
  file: string,
  instruction: Instruction,
  fromBaseImage: boolean,
  lines: string[],
  escape: string
): InstructionRef {
  const start = instruction.getRange().start
  const keyword = instruction.getKeyword().toUpperCase()
  const written = writtenArguments(instruction, lines, escape)
  const firstLine = written.split('\n')[0]
  const whole = normalise(`${keyword} ${firstLine}`)
  const cut = written.includes('\n') || whole.length > DISPLAY_CHARS
  return {
    location: { file, line: start.line + 1, column: start.character + 1 },
    instruction: cut ? `${whole.slice(0, DISPLAY_CHARS - 2).trimEnd()} …` : whole,
    fromBaseImage
  }
}

// ---- Matching ---------------------------------------------------------------------------------------

/** 0 = cannot be this entry; 1 = same keyword (metadata only); 3 = the recorded content agrees. */
function score(instruction: StageInstruction, step: RecordedStep): number {
  if (step.keyword === '' || step.keyword !== instruction.keyword) return 0
  if (instruction.runForms) return runMatches(instruction, step) ? 3 : 0
  if (instruction.copy) return step.copy && copyMatches(instruction.copy, step.copy) ? 3 : 0
  return squeeze(step.text) === instruction.squeezed || sameExpanded(instruction.squeezed, squeeze(step.text))
    ? 3
    : 1
}

function runMatches(instruction: StageInstruction, step: RecordedStep): boolean {
  const line = normalise(step.commandLine ?? '')
  const whole = normalise(step.withBuildArgs ?? line)
  for (const form of instruction.runForms ?? []) {
    if (line === form || whole.endsWith(` ${form}`)) return true
  }
  // No SHELL in these stages: the base image's may differ from /bin/sh -c.
  const command = instruction.runCommand
  if (command === undefined || !line.endsWith(` ${command}`)) return false
  const shellWords = line.slice(0, line.length - command.length - 1).split(' ')
  return shellWords.length <= 6 && /^[-/](c|C|command|Command)$/.test(shellWords[shellWords.length - 1])
}

function copyMatches(
  written: NonNullable<StageInstruction['copy']>,
  recorded: NonNullable<RecordedStep['copy']>
): boolean {
  if (!sameExpanded(written.dest, recorded.dest)) return false
  for (const [flag, value] of recorded.flags) {
    // Builders record --chown/--chmod/--parents (BuildKit since 2024, the legacy builder --chown only).
    const mine = written.flags.get(flag)
    if (mine === undefined || !sameExpanded(mine, value)) return false
  }
  if (recorded.sources) return sameExpanded(written.sources.join(' '), recorded.sources.join(' '))
  const single = written.sources.length === 1 && !/[*?[]/.test(written.sources[0])
  if (recorded.hashKind === 'multi') return !single
  if (recorded.hashKind === 'file' || recorded.hashKind === 'dir') return written.sources.length === 1
  return true
}

interface MatchResult {
  ok: boolean
  /** Why not, for the message. */
  reason: string
  pairs: [number, number][]
  /** History index where the stages' own entries start; before it, the base image. */
  firstOfStage: number
  strongPairs: number
}

function match(
  stage: readonly StageInstruction[],
  recorded: readonly RecordedStep[],
  history: readonly HistoryEntry[],
  scratch: boolean
): MatchResult {
  const pairs = align(stage, recorded)
  const paired = new Set(pairs.map(([i]) => i))
  const pairedHistory = new Set(pairs.map(([, j]) => j))
  const firstOfStage = pairs.length > 0 ? pairs[0][1] : history.length
  const strongPairs = pairs.filter(([i, j]) => score(stage[i], recorded[j]) === 3).length
  const fail = (reason: string): MatchResult => ({ ok: false, reason, pairs, firstOfStage, strongPairs })

  const missing = stage.find((instruction, i) => !instruction.optional && !paired.has(i))
  if (missing) {
    return fail(`line ${missing.ref.location.line} ${missing.ref.instruction} is not in it`)
  }
  const start = scratch ? 0 : firstOfStage
  for (let j = start; j < history.length; j++) {
    if (history[j].emptyLayer || pairedHistory.has(j)) continue
    const what = printableName(history[j].createdBy ?? history[j].comment ?? '', 80) || 'no created_by'
    return fail(
      scratch && j < firstOfStage
        ? `its last stage is FROM scratch, but the image has a layer before the stage's first instruction (${what})`
        : `the image has a layer that no instruction of the stage makes (${what})`
    )
  }
  return { ok: true, reason: '', pairs, firstOfStage, strongPairs }
}

/** Index pairs [instruction, history entry], increasing in both, of the best-scoring alignment. */
function align(stage: readonly StageInstruction[], history: readonly RecordedStep[]): [number, number][] {
  const n = stage.length
  const m = history.length
  const width = m + 1
  const best = new Int32Array((n + 1) * width)
  const scores = new Int8Array(n * m)
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const s = score(stage[i - 1], history[j - 1])
      scores[(i - 1) * m + (j - 1)] = s
      const diagonal = s > 0 ? best[(i - 1) * width + j - 1] + s : 0
      best[i * width + j] = Math.max(best[(i - 1) * width + j], best[i * width + j - 1], diagonal)
    }
  }
  // Walk back from the end, taking a match as soon as it is optimal: this ties each instruction
  // to the latest history entry it can, so base-image entries with the same keyword stay unmatched.
  const pairs: [number, number][] = []
  let i = n
  let j = m
  while (i > 0 && j > 0) {
    const s = scores[(i - 1) * m + (j - 1)]
    if (s > 0 && best[i * width + j] === best[(i - 1) * width + j - 1] + s) {
      pairs.push([i - 1, j - 1])
      i--
      j--
    } else if (best[i * width + j] === best[i * width + j - 1]) j--
    else i--
  }
  return pairs.reverse()
}
