// Preloaded (--import) into the bundled entry points by the entry tests: appends one JSON line per event to
// $IPG_TRACE_FILE — the process starting (with its execArgv) and every dist/ module it loads — so a test
// can tell which process loaded what and which one ran with the heap flags. Lines are written as they
// happen, since a process killed by a signal runs no exit handlers.
import { appendFileSync } from 'node:fs'
import { registerHooks } from 'node:module'

const file = process.env.IPG_TRACE_FILE
const record = (event) => {
  if (file) appendFileSync(file, `${JSON.stringify({ pid: process.pid, ...event })}\n`)
}

record({ event: 'start', execArgv: process.execArgv })
registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context)
    if (resolved.url.startsWith('file:') && resolved.url.includes('/dist/'))
      record({ event: 'load', module: resolved.url.slice(resolved.url.lastIndexOf('/') + 1) })
    return resolved
  }
})
