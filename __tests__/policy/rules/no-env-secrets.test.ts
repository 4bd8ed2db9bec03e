// no-env-secrets: no credential in the config's Env or in what its history records of ENV, ARG and RUN.
// Token-shaped values are built here at run time, so that no secret scanner flags the repository.
import { describe, expect, it } from '@jest/globals'
import { makeImage, imageFromLayers } from '../../../__fixtures__/image.js'
import { check } from '../../../__fixtures__/policy.js'

const GITHUB = `ghp_${'A1b2'.repeat(9)}`
const AWS_ID = `AKIA${'Q7'.repeat(8)}`
const AWS_SECRET = `${'wJalrXUtnF'.repeat(4)}`
const PASSWORD = 'correct-horse-battery'
const rules = 'rules:\n  no-env-secrets: true\n'

const withEnv = (env: string[]) => imageFromLayers([[]], { env })
const messagesOf = async (env: string[], policy = rules) =>
  (await check(withEnv(env), policy)).violations.map((v) => v.message)

describe('no-env-secrets', () => {
  describe('catches', () => {
    it('known token formats under any name, and secret names with real values, never printing the value', async () => {
      const found = await messagesOf([
        `GH=${GITHUB}`,
        `DB_PASSWORD=${PASSWORD}`,
        'api_key=9f8e7d6c5b4a',
        `CLIENT_SECRET=${PASSWORD}`,
        `NPM_TOKEN=${PASSWORD}`
      ])
      expect(found).toEqual([
        "GitHub token in the config's Env GH: anyone who pulls the image can read it",
        "the config's Env DB_PASSWORD is named like a secret and set, not to a placeholder: anyone who pulls the image can read it",
        "the config's Env api_key is named like a secret and set, not to a placeholder: anyone who pulls the image can read it",
        "the config's Env CLIENT_SECRET is named like a secret and set, not to a placeholder: anyone who pulls the image can read it",
        "the config's Env NPM_TOKEN is named like a secret and set, not to a placeholder: anyone who pulls the image can read it"
      ])
      for (const message of found)
        for (const value of [GITHUB, PASSWORD, '9f8e7d6c5b4a']) expect(message).not.toContain(value)
    })

    it('an AWS key ID beside its secret access key, each named', async () => {
      expect(
        await messagesOf([`AWS_ACCESS_KEY_ID=${AWS_ID}`, `AWS_SECRET_ACCESS_KEY=${AWS_SECRET}`])
      ).toEqual([
        "AWS access key ID (its secret access key is in AWS_SECRET_ACCESS_KEY) in the config's Env AWS_ACCESS_KEY_ID: anyone who pulls the image can read it",
        "AWS secret access key (its key ID is in AWS_ACCESS_KEY_ID) in the config's Env AWS_SECRET_ACCESS_KEY: anyone who pulls the image can read it"
      ])
    })

    it("what the history records: ENV, ARG, a RUN's build arguments and command line", async () => {
      const image = makeImage({
        layers: [
          {
            createdBy: `|1 DEPLOY_TOKEN=${PASSWORD} /bin/sh -c curl -H "x: ${GITHUB}" example.com`,
            entries: []
          }
        ],
        emptyAfter: [
          { after: -1, createdBy: `/bin/sh -c #(nop)  ENV SERVICE_KEY=${PASSWORD}` },
          { after: -1, createdBy: `/bin/sh -c #(nop)  ARG SIGNING_SECRET=${PASSWORD}` }
        ]
      })
      const found = (await check(image, rules)).violations.map((v) => [v.layer, v.message])
      expect(found).toEqual([
        [
          undefined,
          "ENV SERVICE_KEY that history entry 0 records is named like a secret and set, not to a placeholder: it stays in the image's history"
        ],
        [
          undefined,
          "ARG SIGNING_SECRET that history entry 1 records is named like a secret and set, not to a placeholder: it stays in the image's history"
        ],
        [
          0,
          "the build argument DEPLOY_TOKEN that history entry 2 records is named like a secret and set, not to a placeholder: it stays in the image's history"
        ],
        [0, "GitHub token in the RUN that history entry 2 records: it stays in the image's history"]
      ])
    })
  })

  describe('must not', () => {
    it('report placeholders, public keys, paths to secret files, or names an allow item covers', async () => {
      expect(
        await messagesOf([
          'DB_PASSWORD=changeme',
          'API_TOKEN=${API_TOKEN}',
          'SECRET_KEY=<your key here>',
          'GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D',
          'PUBLIC_KEY=ssh-ed25519 AAAA',
          'DB_PASSWORD_FILE=/run/secrets/db',
          'TOKEN=',
          'PATH=/usr/bin',
          `AWS_ACCESS_KEY_ID=${AWS_ID}`
        ])
      ).toEqual([])
      const allowed = 'rules:\n  no-env-secrets: { allow: [DB_PASSWORD, "FEATURE_*_KEY"] }\n'
      expect(await messagesOf([`DB_PASSWORD=${PASSWORD}`, `FEATURE_X_KEY=${PASSWORD}`], allowed)).toEqual([])
    })

    it('read the history with history: false', async () => {
      const image = makeImage({
        layers: [{ createdBy: `/bin/sh -c echo ${GITHUB}`, entries: [] }]
      })
      expect((await check(image, 'rules:\n  no-env-secrets: { history: false }\n')).violations).toEqual([])
      expect((await check(image, rules)).violations).toHaveLength(1)
    })
  })
})
