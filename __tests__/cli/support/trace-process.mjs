// Preloaded (--import) into the bundled entry points by the entry tests: appends one JSON line per event to
// $IPG_TRACE_FILE — the process starting (with its execArgv), every V8 flag it sets at run time, every
// dist/ module it loads and every socket it connects, in order — so a test can tell how many processes
// ran, what each loaded, that the heap flags were set before the bundle loaded, and what was loaded
// before the engine was asked for an image. Lines are written as they happen, since a process
// killed by a signal runs no exit handlers.
import { appendFileSync } from 'node:fs'
import { registerHooks, syncBuiltinESMExports } from 'node:module'
import net from 'node:net'
import v8 from 'node:v8'

const file = process.env.IPG_TRACE_FILE
const record = (event) => {
  // ms since the process started: for measuring by hand (docs/), never asserted on.
  if (file) appendFileSync(file, `${JSON.stringify({ pid: process.pid, ms: performance.now(), ...event })}\n`)
}

record({ event: 'start', execArgv: process.execArgv })
// Node's own modules loaded by the end (internal ones too, e.g. internal/deps/undici/undici): what start-up costs.
process.on('exit', () => {
  const builtins = process.moduleLoadList.filter((name) => name.startsWith('NativeModule '))
  record({ event: 'exit', builtins: builtins.map((name) => name.slice('NativeModule '.length)) })
})
const setFlagsFromString = v8.setFlagsFromString
v8.setFlagsFromString = (flag) => {
  record({ event: 'v8-flag', flag })
  setFlagsFromString(flag)
}
// net.connect() calls the prototype's connect, looked up when called: this sees every connection.
const connect = net.Socket.prototype.connect
net.Socket.prototype.connect = function (...args) {
  // net.connect() passes its arguments normalised: [[options, callback]].
  const [first] = args
  const options = Array.isArray(first) ? first[0] : first
  record({ event: 'connect', path: typeof options === 'object' ? options.path : options })
  return connect.apply(this, args)
}
// `import { setFlagsFromString } from 'node:v8'` in the bundle sees the wrapper only after this.
syncBuiltinESMExports()
registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context)
    if (resolved.url.startsWith('file:') && resolved.url.includes('/dist/'))
      record({ event: 'load', module: resolved.url.slice(resolved.url.lastIndexOf('/') + 1) })
    return resolved
  }
})
