// Which scheme the registry client speaks to a loopback host: plain HTTP first, never a TLS handshake
// to a registry that speaks plain HTTP; HTTPS next when the server does not answer in plain HTTP, at
// once rather than after the plain request's retries.
import { afterEach, describe, expect, it } from '@jest/globals'
import { type AddressInfo, type Server, type Socket, createServer } from 'node:net'
import { createServer as createTlsServer } from 'node:tls'
import { RegistryClient } from '../../src/source/registry/client.js'
import { parseReference } from '../../src/source/registry/reference.js'
import { signingKey } from '../helpers/registry.js'
import { describeWithTools } from '../helpers/tools.js'

const servers: Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve))
})

async function listen(server: Server): Promise<string> {
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `127.0.0.1:${(server.address() as AddressInfo).port}`
}

const client = (host: string) =>
  new RegistryClient(parseReference(`${host}/app:1`), {
    credentials: () => Promise.resolve(undefined),
    retry: { attempts: 5, baseDelayMs: 1, maxRetryAfterMs: 1000 }
  })

const MANIFEST = '{"schemaVersion":2}'

describe('the scheme for a loopback registry', () => {
  it('plain HTTP first: a plain registry never receives a TLS handshake', async () => {
    const firstBytes: string[] = []
    const host = await listen(
      createServer((socket: Socket) => {
        socket.once('data', (request: Buffer) => {
          // 0x16: a TLS handshake record.
          firstBytes.push(request[0] === 0x16 ? 'TLS' : request.subarray(0, 4).toString('latin1'))
          // A TLS ClientHello is answered as Go's HTTP server answers it.
          const answer =
            request[0] !== 0x16
              ? `HTTP/1.1 200 OK\r\ncontent-type: application/vnd.oci.image.manifest.v1+json\r\ncontent-length: ${MANIFEST.length}\r\n\r\n${MANIFEST}`
              : 'HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n'
          socket.end(answer)
        })
      })
    )
    const manifest = await client(host).manifest('1', 1 << 20)
    expect(manifest.bytes.toString()).toBe(MANIFEST)
    expect(firstBytes).toEqual(['GET ', 'GET '])
  })

  describeWithTools(['openssl'], 'a loopback registry that speaks TLS', () => {
    it('closing on plain HTTP: HTTPS is asked next, before any retry of the plain request', async () => {
      const { keyPem, certPem } = await signingKey(['-addext', 'subjectAltName=IP:127.0.0.1'])
      let connections = 0
      const server = createTlsServer({ key: keyPem, cert: certPem }, (socket) => socket.end())
      server.on('connection', () => connections++)
      const host = await listen(server)
      // Not trusted: the answer proves the client reached TLS, and is one line saying so.
      await expect(client(host).manifest('1', 1 << 20)).rejects.toThrow(
        `the TLS certificate of registry ${host} is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT): give its CA in NODE_EXTRA_CA_CERTS`
      )
      expect(connections).toBe(2)
    })
  })
})
