// Maps image layers to the Dockerfile instructions that created them.
// Layers → history: each non-empty history entry created one layer, in order.
// History → instructions: the final stage's instructions are aligned with the end of the history
// (weighted longest common subsequence on keyword and recorded text); history entries before the
// first aligned one come from the base image and map to the final stage's FROM line.
import { DockerfileParser, type Instruction } from 'dockerfile-ast'
import type { HistoryEntry, Layer } from '../image/types.js'
import type { SourceLocation } from '../policy/types.js'
import { copyDestination, parseCreatedBy, type HistoryInstruction } from './history.js'

export interface InstructionRef {
  location: SourceLocation
  /** The instruction as written, on one line ("COPY hello /srv/hello"). */
  instruction: string
  /** True when the layer comes from the base image and this is the FROM line. */
  fromBaseImage: boolean
}

export interface DockerfileMap {
  file: string
  /** The instruction that created this layer, or undefined when it cannot be told. */
  locateLayer(layerIndex: number): InstructionRef | undefined
  /** Things the mapping could not do, for the log. */
  warnings: string[]
}

interface StageInstruction {
  keyword: string
  args: string
  lastArgument: string
  ref: InstructionRef
}

export function mapDockerfile(
  file: string,
  content: string,
  history: readonly HistoryEntry[],
  layers: readonly Layer[]
): DockerfileMap {
  const warnings: string[] = []
  const dockerfile = DockerfileParser.parse(content)
  const froms = dockerfile.getFROMs()
  const noMap: DockerfileMap = { file, locateLayer: () => undefined, warnings }
  if (froms.length === 0) {
    warnings.push(`${file} has no FROM instruction; annotations stay on the policy file`)
    return noMap
  }
  const finalFrom = froms[froms.length - 1]
  const fromLine = finalFrom.getRange().start.line
  const fromRef = toRef(file, finalFrom, true)
  const stage = dockerfile
    .getInstructions()
    .filter((instruction) => instruction.getRange().start.line > fromLine)
    .map((instruction) => toStageInstruction(file, instruction))

  const recorded = history.map((entry) => parseCreatedBy(entry.createdBy))
  const pairs = align(stage, recorded)
  const byHistory = new Map<number, InstructionRef>()
  for (const [i, j] of pairs) byHistory.set(j, stage[i].ref)

  let firstOfStage: number
  if (pairs.length > 0) firstOfStage = Math.min(...pairs.map(([, j]) => j))
  else if (stage.every((s) => !createsLayerOrEntry(s.keyword))) firstOfStage = history.length
  else {
    warnings.push(`${file} does not match the image's history; annotations stay on the policy file`)
    return noMap
  }

  const historyOfLayer = layerHistoryIndexes(history, layers)
  return {
    file,
    warnings,
    locateLayer(layerIndex) {
      const historyIndex = historyOfLayer[layerIndex]
      if (historyIndex === undefined) return undefined
      if (historyIndex < firstOfStage) return fromRef
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

function toStageInstruction(file: string, instruction: Instruction): StageInstruction {
  const args = instruction.getArguments()
  return {
    keyword: instruction.getKeyword().toUpperCase(),
    args: normalise(instruction.getArgumentsContent() ?? ''),
    lastArgument: args.length > 0 ? args[args.length - 1].getValue() : '',
    ref: toRef(file, instruction, false)
  }
}

function toRef(file: string, instruction: Instruction, fromBaseImage: boolean): InstructionRef {
  const start = instruction.getRange().start
  return {
    location: { file, line: start.line + 1, column: start.character + 1 },
    instruction: normalise(
      `${instruction.getKeyword().toUpperCase()} ${instruction.getArgumentsContent() ?? ''}`
    ),
    fromBaseImage
  }
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

// ARG only enters the history with BuildKit and only sometimes; every other instruction does.
function createsLayerOrEntry(keyword: string): boolean {
  return keyword !== 'ARG'
}

/** 0 = unrelated; 1 = same keyword; 3 = same keyword and the same recorded arguments. */
function score(instruction: StageInstruction, entry: HistoryInstruction): number {
  if (entry.keyword === '' || entry.keyword !== instruction.keyword) return 0
  const recorded = normalise(entry.text)
  if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
    return copyDestination(recorded) === instruction.lastArgument ? 3 : 1
  }
  const squeeze = (text: string) => text.replace(/[\s"]/g, '')
  return squeeze(recorded) === squeeze(instruction.args) ? 3 : 1
}

/** Index pairs [instruction, history entry], increasing in both, of the best-scoring alignment. */
function align(
  stage: readonly StageInstruction[],
  history: readonly HistoryInstruction[]
): [number, number][] {
  const n = stage.length
  const m = history.length
  const best: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0))
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const s = score(stage[i - 1], history[j - 1])
      best[i][j] = Math.max(best[i - 1][j], best[i][j - 1], s > 0 ? best[i - 1][j - 1] + s : 0)
    }
  }
  // Walk back from the end, taking a match as soon as it is optimal: this ties each instruction
  // to the latest history entry it can, so base-image entries with the same keyword stay unmatched.
  const pairs: [number, number][] = []
  let i = n
  let j = m
  while (i > 0 && j > 0) {
    const s = score(stage[i - 1], history[j - 1])
    if (s > 0 && best[i][j] === best[i - 1][j - 1] + s) {
      pairs.push([i - 1, j - 1])
      i--
      j--
    } else if (best[i][j] === best[i][j - 1]) j--
    else i--
  }
  return pairs.reverse()
}
