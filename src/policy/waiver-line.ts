// A waiver written as one YAML line to paste under `waivers:`, which the policy loader accepts as it is.
// Paths come from the image: the line quotes them so that no name can end the string, start a comment or
// hold a character a log would act on, and escapes glob syntax so the waiver covers that one path.

/** Days a suggested waiver lasts: long enough to fix it, short enough to be looked at again. */
export const SUGGESTED_WAIVER_DAYS = 30

/** The placeholder a suggested waiver carries for its reason: to be replaced by a ticket or an owner. */
export const REASON_PLACEHOLDER = 'TODO: why this is acceptable (ticket, owner)'

export interface WaiverFields {
  rule: string
  /** A glob as the policy writes it (use globForPath for a path from the image). */
  path?: string
  reason: string
  /** YYYY-MM-DD */
  expires: string
}

/** `- { rule: no-shell, path: "/bin/busybox", reason: "…", expires: 2026-03-01 }` */
export function waiverLine(fields: WaiverFields): string {
  const parts = [
    `rule: ${fields.rule}`,
    ...(fields.path === undefined ? [] : [`path: ${yamlQuoted(fields.path)}`]),
    `reason: ${yamlQuoted(fields.reason)}`,
    `expires: ${fields.expires}`
  ]
  return `- { ${parts.join(', ')} }`
}

/** The date a suggested waiver expires: SUGGESTED_WAIVER_DAYS after `now`, as YYYY-MM-DD (UTC). */
export function suggestedExpiry(now: Date): string {
  return new Date(now.getTime() + SUGGESTED_WAIVER_DAYS * 24 * 60 * 60 * 1000).toISOString().slice(0, 10)
}

/**
 * A glob that matches this path and no other path of the image, in one pass: `* ? + [ ] { } ( ) |` are
 * backslash-escaped (with them escaped nothing else is special: `@(` and `!(` need their parenthesis, `,`
 * its braces; `+` goes too, as picomatch reads it after a bracket as "one or more"). A backslash is written
 * `[\\]` and a double quote `["]`: picomatch merges escaped backslashes before a space and reads `"` as
 * quoting, and a backslash before any other character is not an escape the loader's Unicode-mode
 * expression accepts. Either bracket also matches its three characters (`[\]`, `["]`) literally:
 * picomatch's reading of a bracket, harmless for a waiver.
 */
export function globForPath(path: string): string {
  return path.replace(/[\\*?+[\]{}()|"]/g, (char) =>
    char === '\\' ? '[\\\\]' : char === '"' ? '["]' : `\\${char}`
  )
}

/**
 * A YAML double-quoted scalar: `"` and `\` escaped, and every character a terminal, a log or a reader could
 * mistake (controls, line and paragraph separators, bidi and other format characters, non-ASCII spaces,
 * lone surrogates) as a YAML escape, so the line is one visible line whatever the name holds.
 */
export function yamlQuoted(text: string): string {
  let out = '"'
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0
    if (char === '"' || char === '\\') out += `\\${char}`
    else if (code >= 0x20 && code < 0x7f) out += char
    else if (code < 0x80 || UNSAFE.test(char)) out += yamlEscape(code)
    else out += char
  }
  return `${out}"`
}

const UNSAFE = /^(?:[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs})$/u

function yamlEscape(code: number): string {
  if (code === 0x0a) return '\\n'
  if (code === 0x0d) return '\\r'
  if (code === 0x09) return '\\t'
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`
  return `\\U${code.toString(16).padStart(8, '0')}`
}
