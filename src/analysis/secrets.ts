// Secret candidates by name, confirmed by their first bytes. Messages say what kind of secret, never its value.
import { baseName } from '../image/safe-path.js'

export interface SecretKind {
  /** Bytes to capture from the start of the file (0 = the name suffices). */
  capture: number
  /** What the secret is when the file holds one; undefined when the content shows it does not. */
  confirm(content: Buffer | undefined, size: number): string | undefined
}

const PEM_PRIVATE_KEY =
  /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |ANY )?PRIVATE KEY|PGP PRIVATE KEY BLOCK)-----/

function pemKey(content: Buffer | undefined): string | undefined {
  const match = content ? PEM_PRIVATE_KEY.exec(content.toString('latin1')) : null
  return match ? `PEM ${match[1].toLowerCase()}` : undefined
}

const byContent = (pattern: RegExp, what: string, capture = 64 * 1024): SecretKind => ({
  capture,
  confirm: (content) => (content && pattern.test(content.toString('utf8')) ? what : undefined)
})

const byName = (what: string): SecretKind => ({
  capture: 0,
  confirm: (_content, size) => (size > 0 ? what : undefined)
})

const SSH_IDENTITY = new Set([
  'id_rsa',
  'id_dsa',
  'id_ecdsa',
  'id_ed25519',
  'id_ecdsa_sk',
  'id_ed25519_sk',
  'identity'
])
const ENV_TEMPLATES = /\.(example|sample|template|dist|defaults?|tmpl|tpl)$/i

/** The kind of secret a file at this path might hold, if its name makes it a candidate. */
export function secretCandidate(path: string): SecretKind | undefined {
  const name = baseName(path)
  const lower = name.toLowerCase()
  if (SSH_IDENTITY.has(name)) {
    return {
      capture: 4096,
      confirm: (content, size) => (size > 0 ? (pemKey(content) ?? 'SSH private key file') : undefined)
    }
  }
  if (/\.(pem|key)$/.test(lower)) return { capture: 16 * 1024, confirm: (content) => pemKey(content) }
  if (/\.(p12|pfx)$/.test(lower)) return byName('PKCS#12 keystore (holds private keys)')
  if (name === '.env' || (name.startsWith('.env.') && !ENV_TEMPLATES.test(name))) return byName('dotenv file')
  if (name === '.npmrc') return byContent(/(_authToken|_auth|_password)\s*=/, 'npm registry credentials')
  if (name === '.pypirc') return byContent(/^\s*password\s*[=:]/m, 'PyPI credentials')
  if (name === '.git-credentials') return byName('git credentials')
  if (name === '.netrc' || name === '_netrc') return byContent(/\bpassword\s+\S/, 'netrc password')
  if (path.endsWith('/.aws/credentials'))
    return byContent(/aws_secret_access_key|aws_session_token/i, 'AWS credentials')
  if (path.endsWith('/.docker/config.json'))
    return byContent(/"(auth|identitytoken)"\s*:\s*"[^"]+"/, 'container registry credentials')
  if (path.endsWith('/.kube/config'))
    return byContent(/\b(token|client-key-data|password)\s*:\s*\S/, 'Kubernetes credentials')
  if (path.endsWith('/.config/gcloud/credentials.db') || path.endsWith('/.config/gcloud/access_tokens.db')) {
    return byName('gcloud credentials')
  }
  if (path.endsWith('/.azure/accessTokens.json') || path.endsWith('/.azure/msal_token_cache.json'))
    return byName('Azure tokens')
  if (lower.endsWith('.json') && /credential|service[-_.]?account|secret|[-_]key\.json$/.test(lower)) {
    return byContent(
      /"(private_key|refresh_token|client_secret)"\s*:\s*"[^"]+"/,
      'cloud service credentials (JSON)'
    )
  }
  return undefined
}
