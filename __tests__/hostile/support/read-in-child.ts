// Run in a child process by the hostile tests: reads one archive with the real reader and prints
// one JSON line: the outcome and the process's peak resident memory (VmHWM).
import { readFileSync } from 'node:fs'
import { UserError } from '../../../src/common/errors.js'
import { readImage, type ReadOptions } from '../../../src/image/read.js'

export interface ChildResult {
  outcome: 'image' | 'error' | 'crash'
  message: string
  errorName: string
  entries?: number
  largestFile?: number
  peakKiB: number
}

function peakKiB(): number {
  const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'))
  return match ? Number(match[1]) : -1
}

const [archive, optionsJson] = process.argv.slice(2)
const options = JSON.parse(optionsJson ?? '{}') as ReadOptions
let result: ChildResult
try {
  const image = await readImage({ kind: 'file', path: archive }, options)
  let largestFile = 0
  for (const entry of image.fs.entries()) largestFile = Math.max(largestFile, entry.inode.size)
  result = {
    outcome: 'image',
    message: '',
    errorName: '',
    entries: image.fs.entryCount,
    largestFile,
    peakKiB: peakKiB()
  }
} catch (error) {
  const isUser = error instanceof UserError
  result = {
    outcome: isUser ? 'error' : 'crash',
    message:
      error instanceof Error ? (isUser ? error.message : (error.stack ?? error.message)) : String(error),
    errorName: error instanceof Error ? error.name : typeof error,
    peakKiB: peakKiB()
  }
}
process.stdout.write(JSON.stringify(result) + '\n')
