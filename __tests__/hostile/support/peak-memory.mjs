// Preloaded into a CLI child process (`node --import`): at exit, appends the process's peak
// resident memory (VmHWM, KiB) to the file named by HOSTILE_PEAK_FILE.
import { appendFileSync, readFileSync } from 'node:fs'

process.on('exit', () => {
  const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'))
  if (match && process.env.HOSTILE_PEAK_FILE) appendFileSync(process.env.HOSTILE_PEAK_FILE, `${match[1]}\n`)
})
