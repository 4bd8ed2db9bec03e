// Credentials in text the image config records (Env, history): known token formats, and secret-named
// variables with a value that is not a placeholder. Callers say what kind of credential and where,
// never the value; redactCredentials() blanks them out of text that is shown.

interface TokenFormat {
  what: string
  pattern: RegExp
  /** A further check of the match, where the shape alone says too little. */
  confirm?: (match: string) => boolean
}

/** A JWT's header is base64url JSON with an "alg". */
function isJwt(token: string): boolean {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as unknown
    return typeof header === 'object' && header !== null && 'alg' in header
  } catch {
    return false
  }
}

/** Formats whose shape is the credential's own: a prefix its issuer chose and a fixed alphabet and length. */
const TOKEN_FORMATS: readonly TokenFormat[] = [
  { what: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36}\b/g },
  { what: 'GitHub fine-grained token', pattern: /\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b/g },
  { what: 'GitLab token', pattern: /\bgl(?:pat|dt|rt|ptt|cbt)-[A-Za-z0-9_-]{20,}/g },
  { what: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  {
    what: 'Slack webhook URL',
    pattern: /\bhttps:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+/g
  },
  { what: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
  { what: 'Google OAuth client secret', pattern: /\bGOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])/g },
  { what: 'Stripe secret key', pattern: /\b[sr]k_live_[0-9A-Za-z]{24,}/g },
  { what: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { what: 'PyPI token', pattern: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/g },
  { what: 'Docker Hub token', pattern: /\bdckr_pat_[A-Za-z0-9_-]{27,}/g },
  { what: 'Hugging Face token', pattern: /\bhf_[A-Za-z0-9]{34,}\b/g },
  {
    what: 'OpenAI API key',
    pattern: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}/g
  },
  { what: 'Anthropic API key', pattern: /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,}/g },
  { what: 'SendGrid API key', pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/g },
  { what: 'Azure storage account key', pattern: /\bAccountKey=[A-Za-z0-9+/]{86}==/g },
  {
    what: 'private key',
    pattern:
      /-----BEGIN (?:(?:RSA|EC|DSA|OPENSSH|ENCRYPTED|ANY) )?PRIVATE KEY-----|-----BEGIN PGP PRIVATE KEY BLOCK-----/g
  },
  {
    what: 'JWT',
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/g,
    confirm: isJwt
  },
  {
    what: 'URL with a password',
    pattern: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s/:@]{1,256}:[^\s/@]{1,256}@[^\s/@]/gi,
    confirm: (url) =>
      !isPlaceholder(url.slice(url.lastIndexOf(':', url.lastIndexOf('@')) + 1, url.lastIndexOf('@')))
  }
]

/** An AWS access key ID: no credential alone, half of one beside its secret. */
export const AWS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/
/** An AWS secret access key's shape: 40 base64 characters. */
export const AWS_SECRET = /^[A-Za-z0-9/+]{40}$/

/** Long values are scanned this far: a credential sits well within it. */
const SCAN_CHARS = 64 * 1024

/** The kinds of known credential formats in `text`, each once, in the table's order. */
export function tokenKinds(text: string): string[] {
  const scanned = text.length > SCAN_CHARS ? text.slice(0, SCAN_CHARS) : text
  const kinds: string[] = []
  for (const format of TOKEN_FORMATS) {
    for (const match of scanned.matchAll(format.pattern)) {
      if (format.confirm && !format.confirm(match[0])) continue
      kinds.push(format.what)
      break
    }
  }
  return kinds
}

/** `text` with every known credential format replaced by `***`. */
export function redactTokens(text: string): string {
  let out = text
  for (const format of TOKEN_FORMATS)
    out = out.replace(format.pattern, (match) => (format.confirm && !format.confirm(match) ? match : '***'))
  return out.replace(new RegExp(AWS_KEY_ID.source, 'g'), '***')
}

const SECRET_NAME =
  /(?:^|_)(?:TOKEN|AUTHTOKEN|ACCESSTOKEN|PASSWORD|PASSWD|PASS|SECRET|KEY|APIKEY|ACCESSKEY|SECRETKEY|PRIVATEKEY|CREDENTIALS?|AUTH)$/
/** Names that end like a secret's but hold public material: GPG_KEY (python images), PUBLIC_KEY. */
const PUBLIC_NAME = /(?:GPG|PGP|PUBLIC|PUB|SIGNING_KEY_ID|FINGERPRINT)_?KEYS?$|(?:^|_)PUBLIC_/

/** `*_TOKEN`, `*_PASSWORD`, `*_SECRET`, `*_KEY`, `*_API_KEY` and the like (any case). */
export function isSecretName(name: string): boolean {
  const upper = name.toUpperCase()
  return SECRET_NAME.test(upper) && !PUBLIC_NAME.test(upper)
}

const PLACEHOLDER_WORDS = new Set([
  'changeme',
  'changeit',
  'placeholder',
  'secret',
  'password',
  'passwd',
  'pass',
  'token',
  'key',
  'apikey',
  'redacted',
  'hidden',
  'none',
  'null',
  'nil',
  'undefined',
  'empty',
  'unset',
  'notset',
  'dummy',
  'example',
  'sample',
  'default',
  'test',
  'todo',
  'tbd',
  'fixme',
  'replaceme',
  'setme',
  'insert',
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'enabled',
  'disabled'
])

/**
 * A value that stands for a credential rather than being one: empty, `changeme`, `${VAR}`, `$VAR`,
 * `{{ var }}`, `<your token>`, `%VAR%`, `xxx`, `***`, `your-token-here`, a boolean, or a path (to a
 * secret file, as `*_PASSWORD_FILE=/run/secrets/db` conventions use).
 */
export function isPlaceholder(value: string): boolean {
  const text = value.trim()
  if (text === '') return true
  if (/^(.)\1*$/su.test(text) || /^[xX*.#?-]+$/.test(text)) return true
  if (
    /^\$\{[^}]*\}$|^\$[A-Za-z_][A-Za-z0-9_]*$|^\$\([^)]*\)$|^\{\{.*\}\}$|^<.*>$|^%[A-Za-z_][A-Za-z0-9_]*%$|^\[.*\]$/s.test(
      text
    )
  )
    return true
  if (/^(?:\/|\.\.?\/|~\/|file:)/.test(text)) return true
  const word = text.toLowerCase().replace(/[^a-z0-9]/g, '')
  // "your-token-here", "<insert your key>", "put_your_password_here".
  return PLACEHOLDER_WORDS.has(word) || word.includes('your') || word.endsWith('here')
}

const ASSIGNMENT = /\b([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s"']+)/g

/**
 * `text` as a report may show it: known credential formats replaced by `***`, and so is the value of
 * every `NAME=value` whose name is a secret's and whose value is not a placeholder.
 */
export function redactCredentials(text: string): string {
  return redactTokens(text).replace(ASSIGNMENT, (whole, name: string, value: string) =>
    isSecretName(name) && !isPlaceholder(value.replace(/^(["'])(.*)\1$/s, '$2')) ? `${name}=***` : whole
  )
}

/** One NAME=value assignment a config records. */
export interface Assignment {
  name: string
  value: string
}

/** `NAME=value` (Env's form); undefined for an entry with no `=`. */
export function splitAssignment(entry: string): Assignment | undefined {
  const equals = entry.indexOf('=')
  return equals <= 0 ? undefined : { name: entry.slice(0, equals), value: entry.slice(equals + 1) }
}

/** Why an assignment holds a credential: known formats in its value, or a secret's name with a real value. */
export type CredentialReason = { by: 'format'; kinds: string[] } | { by: 'name' }

export function credentialIn(assignment: Assignment): CredentialReason | undefined {
  const kinds = tokenKinds(assignment.value)
  if (kinds.length > 0) return { by: 'format', kinds }
  if (isSecretName(assignment.name) && !isPlaceholder(assignment.value)) return { by: 'name' }
  return undefined
}
