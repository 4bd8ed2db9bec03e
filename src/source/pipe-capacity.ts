// A larger pipe on standard input. Linux pipes hold 64 KiB, so a writer and a reader on different cores
// wake each other every 64 KiB, and on a virtual machine each wake-up across cores is costly: there, a
// 1 MiB pipe moves an archive several times faster (docs/benchmarks.md). Node.js has no fcntl(2), so a
// process that has one asks for the size on the shared pipe: perl, which every Debian and Ubuntu system
// has (perl-base is essential). Best effort: without perl, or where the kernel refuses, the pipe stays as
// it is and only the speed differs.

/** fcntl(2) commands, the same on every Linux architecture. */
const F_SETPIPE_SZ = 1031
/** 1 MiB, the kernel's default /proc/sys/fs/pipe-max-size for unprivileged users; else 256 KiB. */
export const PIPE_BYTES_WANTED = [1 << 20, 1 << 18] as const

// Only fcntl on the inherited descriptor; the script never reads it, so no byte of the archive is taken.
const SCRIPT = `for my $s (${PIPE_BYTES_WANTED.join(', ')}) { exit 0 if fcntl(STDIN, ${F_SETPIPE_SZ}, $s) } exit 1`

/** Bounds the wait for perl: the read starts anyway, at the pipe's old size. */
const WAIT_MS = 2000

/**
 * Asks for a larger capacity of the pipe at `fd`; resolves true when it was granted. Never rejects.
 * `command` is the perl to run (tests name another to see it fail).
 */
export function enlargePipe(fd: number, command = 'perl'): Promise<boolean> {
  if (process.platform !== 'linux') return Promise.resolve(false)
  const { spawn } = process.getBuiltinModule('node:child_process')
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>
    try {
      // PATH only: no PERL5OPT or PERL5LIB from the environment makes this perl load anything.
      child = spawn(command, ['-e', SCRIPT], {
        stdio: [fd, 'ignore', 'ignore'],
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
        shell: false
      })
    } catch {
      resolve(false)
      return
    }
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      resolve(false)
    }, WAIT_MS)
    timer.unref()
    child.on('error', () => {
      clearTimeout(timer)
      resolve(false)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve(code === 0)
    })
  })
}
