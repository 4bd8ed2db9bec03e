#!/usr/bin/env node
import { r as runWithHeapFlags } from './chunk-heap.js';
import 'node:child_process';
import 'node:v8';

// The command line's entry point (dist/cli.js). It stays tiny: it decides whether to run again with the
// heap flags (heap.ts) before loading the rest, so that a re-run does not pay for loading the bundle twice.
/** Commands that read an archive, where the heap flags matter; --version and --help do without. */
const READS_AN_ARCHIVE = new Set(['check', 'inspect']);
const argv = process.argv.slice(2);
const childExitCode = READS_AN_ARCHIVE.has(argv[0] ?? '') ? await runWithHeapFlags() : undefined;
if (childExitCode === undefined) {
    const { main } = await import('./chunk-cli.js');
    process.exitCode = await main(argv);
}
else {
    process.exitCode = childExitCode;
}
