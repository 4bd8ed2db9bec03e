// Standard input's pipe is enlarged before the read (src/source/pipe-capacity.ts): the kernel reports the
// new size, no byte already in the pipe is taken, and a missing perl leaves the pipe as it was.
import { execFileSync, spawnSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from '@jest/globals'
import { PIPE_BYTES_WANTED, enlargePipe } from '../../src/source/pipe-capacity.js'
import { distCli, node, repoRoot } from '../e2e/support/paths.js'
import { describeWithTools } from '../helpers/tools.js'

const F_GETPIPE_SZ = 1032
const DEFAULT_PIPE_BYTES = 64 * 1024

/** The pipe's capacity as the kernel reports it (fcntl F_GETPIPE_SZ, through perl). */
function capacity(fd: number): number {
  const asked = spawnSync('perl', ['-e', `print fcntl(STDIN, ${F_GETPIPE_SZ}, 0)`], {
    stdio: [fd, 'pipe', 'inherit']
  })
  return Number(asked.stdout.toString())
}

describeWithTools(['perl', 'mkfifo'], 'enlarging the pipe on standard input', () => {
  let dir: string
  let fd: number

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ipg-pipe-'))
    const fifo = join(dir, 'fifo')
    execFileSync('mkfifo', [fifo])
    // Read and write at once: a FIFO opened so on Linux does not wait for another end.
    fd = openSync(fifo, 'r+')
  })

  afterEach(() => {
    closeSync(fd)
    rmSync(dir, { recursive: true, force: true })
  })

  it('asks the kernel for a larger pipe and gets it', async () => {
    expect(capacity(fd)).toBe(DEFAULT_PIPE_BYTES)
    await expect(enlargePipe(fd)).resolves.toBe(true)
    expect(PIPE_BYTES_WANTED).toContain(capacity(fd))
  })

  it('takes no byte of what the pipe already holds', async () => {
    const written = Buffer.from('the first block of an archive')
    writeSync(fd, written)
    await enlargePipe(fd)
    const read = Buffer.alloc(written.length + 16)
    expect(read.subarray(0, readSync(fd, read)).toString()).toBe(written.toString())
  })

  it('leaves the pipe as it was, and says so, when perl cannot be run', async () => {
    await expect(enlargePipe(fd, 'ipg-no-such-perl')).resolves.toBe(false)
    expect(capacity(fd)).toBe(DEFAULT_PIPE_BYTES)
  })
})

describeWithTools(['perl', 'gzip'], 'the bundled CLI on a pipe', () => {
  it('enlarges the pipe it reads the archive from, and reads the archive', () => {
    // After the CLI, perl asks the same pipe (the group's standard input) for its size.
    const script =
      'gzip -dc examples/app-alpine.tar.gz | { "$0" "$1" check --archive - --format json; ' +
      `echo "exit $?" >&2; perl -e 'print STDERR "pipe ", fcntl(STDIN, ${F_GETPIPE_SZ}, 0), "\\n"'; }`
    const run = spawnSync('sh', ['-c', script, node, distCli], { cwd: repoRoot, encoding: 'utf8' })
    const report = JSON.parse(run.stdout) as { image: { reference: string } }
    expect(report.image.reference).toBe('app:alpine')
    expect(run.stderr).toContain('exit 1')
    expect(PIPE_BYTES_WANTED.map((bytes) => `pipe ${bytes}`)).toContain(/pipe \d+/.exec(run.stderr)?.[0])
  })
})
