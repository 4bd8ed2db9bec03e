// Untrusted text made safe for a log line or a terminal. Everything an image holds (file names, labels,
// history, manifest fields, os-release values) and everything a pull request can change (the policy file,
// the Dockerfile) is untrusted: a name may hold a newline and then `::error …` or `::stop-commands::`,
// which GitHub's runner executes when a line starts with it, `##[…]` anywhere in a line (the runner's
// older command form), `\r` to overwrite a line of the report, ESC sequences that clear the screen or set
// the window title, or U+202E that makes `exe.txt` read as `txt.exe`. Such characters are shown escaped,
// so that a reader sees that the name is strange, and the escaped form is one line.
//
// The escapes, all ASCII:
//   \\  a backslash                    \n \r \t  newline, carriage return, tab
//   \xNN   below 0x80: that ASCII character (C0 controls, DEL, and the few printable characters that are
//          escaped where they would start a command: a leading ":" or space, the "[" of "##[")
//   \xNN   0x80 and above: that raw byte of invalid UTF-8 (the reader decodes such a byte as the lone
//          surrogate U+DC00+NN, as Python's surrogateescape does)
//   \uXXXX, \u{XXXXX}   any other character shown escaped: C1 controls, U+2028/U+2029, bidi controls and
//          every other invisible format or default-ignorable character, non-ASCII spaces, lone surrogates
// `parsePrintable` reverses `printable` exactly; nothing else produces a backslash.

/** Characters shown as escapes wherever they are. */
const ALWAYS_ESCAPED =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}\\]|(?! )\p{Zs}|##\[|^[ :]| $/u

/** Same set, but a backslash stays as it is: for whole messages whose parts are already escaped. */
const UNSAFE_IN_LINE =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs}|##\[|^ *::/u

/** One character that is always escaped. */
const ESCAPED_CHAR = /^(?:[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs})$/u

const NAMED: Readonly<Record<number, string>> = { 0x5c: '\\\\', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t' }

function escapeCodePoint(code: number): string {
  const named = NAMED[code]
  if (named) return named
  if (code < 0x80) return `\\x${code.toString(16).padStart(2, '0')}`
  if (code >= 0xdc80 && code <= 0xdcff) return `\\x${(code - 0xdc00).toString(16)}`
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`
  return `\\u{${code.toString(16)}}`
}

function escapeAll(text: string, keepBackslash: boolean): string {
  let out = ''
  let index = 0
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0
    const first = index === 0
    index += char.length
    let escape: boolean
    if (code === 0x5c) escape = !keepBackslash
    else if (code >= 0x20 && code < 0x7f) {
      // A value never starts with ":" or a space (TrimStart, then "::", makes a command) nor ends with one.
      escape =
        !keepBackslash &&
        ((first && (code === 0x3a || code === 0x20)) || (index === text.length && code === 0x20))
    } else escape = ESCAPED_CHAR.test(char)
    out += escape ? escapeCodePoint(code) : char
  }
  // The runner's older command form `##[name]data` counts anywhere in a line.
  out = out.replace(/##\[/g, '##\\x5b')
  // A composed line: only "::" after the indent is a command.
  if (keepBackslash) out = out.replace(/^( *):(?=:)/, '$1\\x3a')
  return out
}

/**
 * The printable form of one untrusted value (a name, a label, a `created_by`, a reference): one line, no
 * control, bidi or invisible format character, never starting with a space or ":" nor ending with a space,
 * no "##[". Injective (`parsePrintable` gives the exact string back). Ordinary text (printable ASCII and
 * visible Unicode, no backslash) comes back unchanged.
 */
export function printable(text: string): string {
  return ALWAYS_ESCAPED.test(text) ? escapeAll(text, false) : text
}

/**
 * `printable` capped at `max` characters for messages (a 64 KiB name stays readable); the cut never
 * splits an escape and says how long the printable form was.
 */
export function printableName(name: string, max = 200): string {
  return capPrintable(printable(name), max)
}

/**
 * Makes a whole line safe to write when parts of it may already be printable forms (an error message
 * that quotes names): the same characters are escaped, a backslash is left as it is, and a line that
 * would start with "::" has its first colon escaped. Idempotent, and a no-op on text that is safe
 * already; not injective (a literal `\n` and a newline look the same), so values go through `printable`
 * first. Line breaks are escaped too: split a multi-line text first if its lines are meant.
 */
export function printableLine(text: string): string {
  return UNSAFE_IN_LINE.test(text) ? escapeAll(text, true) : text
}

/** A JSON value shown in a log or on a terminal: valid JSON, every escaped character as a \u escape. */
export function printableJson(value: unknown): string {
  const json = JSON.stringify(value) ?? 'undefined'
  return json.replace(
    /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs}|(?<=##)\[/gu,
    (char) =>
      [...char]
        .flatMap((c) => {
          const code = c.codePointAt(0) ?? 0
          return code > 0xffff ? [c.charCodeAt(0), c.charCodeAt(1)] : [code]
        })
        .map((unit) => `\\u${unit.toString(16).padStart(4, '0')}`)
        .join('')
  )
}

/** Cuts a printable form at `max` characters, at an escape boundary, with the full length noted. */
export function capPrintable(text: string, max: number): string {
  if (text.length <= max) return text
  let cut = 0
  for (let next = 0; next <= max; next += tokenLength(text, next)) cut = next
  return `${text.slice(0, cut)}…(${text.length} chars)`
}

/** Length of the escape or character at `index` of a printable form. */
function tokenLength(text: string, index: number): number {
  const char = text.charCodeAt(index)
  if (char >= 0xd800 && char <= 0xdbff) return 2
  if (char !== 0x5c) return 1
  const kind = text[index + 1]
  if (kind === 'x') return 4
  if (kind === 'u') return text[index + 2] === '{' ? text.indexOf('}', index) - index + 1 : 6
  return 2
}

/** The exact string a `printable` form stands for. Throws on text `printable` never produces. */
export function parsePrintable(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (char !== '\\') {
      out += char
      continue
    }
    const kind = text[i + 1]
    if (kind === '\\') out += '\\'
    else if (kind === 'n') out += '\n'
    else if (kind === 'r') out += '\r'
    else if (kind === 't') out += '\t'
    else if (kind === 'x') {
      const hex = text.slice(i + 2, i + 4)
      if (!/^[0-9a-f]{2}$/.test(hex)) throw new Error(`bad \\x escape at ${i}`)
      const value = parseInt(hex, 16)
      out += String.fromCharCode(value < 0x80 ? value : 0xdc00 + value)
      i += 2
    } else if (kind === 'u') {
      const braced = /^\{([0-9a-f]{5,6})\}/.exec(text.slice(i + 2))
      if (braced) {
        out += String.fromCodePoint(parseInt(braced[1], 16))
        i += braced[0].length
      } else {
        const hex = text.slice(i + 2, i + 6)
        if (!/^[0-9a-f]{4}$/.test(hex)) throw new Error(`bad \\u escape at ${i}`)
        out += String.fromCharCode(parseInt(hex, 16))
        i += 4
      }
    } else throw new Error(`bad escape at ${i}`)
    i++
  }
  return out
}
