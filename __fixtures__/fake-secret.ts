// A private-key-shaped file for the no-secrets rule. Generated at test time, never committed, so
// secret scanners on the repository have nothing to flag; the body is not a key.
export function fakePrivateKey(): string {
  const body = Buffer.from('image-policy-gate e2e fixture: not a real key '.repeat(4)).toString('base64')
  const lines = body.match(/.{1,70}/g) ?? []
  return ['-----BEGIN OPENSSH PRIVATE KEY-----', ...lines, '-----END OPENSSH PRIVATE KEY-----', ''].join('\n')
}
