import { spawn } from 'node:child_process';

// The reader keeps most of what it allocates (one node per path), so V8's default young generation
// mostly copies survivors and leaves the heap padded: with 4 MiB semi-spaces the same reads take a
// quarter to a third less peak memory and a little less time (see docs/benchmarks.md). Node applies
// heap flags only at start, so an entry point runs itself once more with them.
const HEAP_FLAGS = ['--max-semi-space-size=4'];
const ALREADY = 'IPG_HEAP_FLAGS_APPLIED';
/**
 * Re-runs this process with HEAP_FLAGS unless it already has them, and resolves with the child's exit
 * code; resolves undefined when the caller should do the work itself.
 */
async function runWithHeapFlags() {
    if (process.env[ALREADY] === '1' || HEAP_FLAGS.every((flag) => process.execArgv.includes(flag)))
        return undefined;
    const child = spawn(process.execPath, [...process.execArgv, ...HEAP_FLAGS, ...process.argv.slice(1)], {
        stdio: 'inherit',
        env: { ...process.env, [ALREADY]: '1' }
    });
    const forward = (signal) => child.kill(signal);
    for (const signal of ['SIGINT', 'SIGTERM'])
        process.on(signal, forward);
    try {
        return await new Promise((resolve) => {
            // Could not start a second process: do the work in this one, without the flags.
            child.on('error', () => resolve(undefined));
            child.on('exit', (code, signal) => resolve(code ?? 128 + (signal === 'SIGINT' ? 2 : 15)));
        });
    }
    finally {
        for (const signal of ['SIGINT', 'SIGTERM'])
            process.off(signal, forward);
    }
}

export { runWithHeapFlags as r };
