#!/usr/bin/env node
import { a as applyHeapFlags } from './chunk-heap.js';
import { s as sizeThreadPool } from './chunk-parallelism.js';
import 'node:v8';
import 'node:os';

// The command line's entry point (dist/cli.js): sets the heap flags (runtime/heap.ts) before the bundle loads.
applyHeapFlags();
sizeThreadPool();
const { runCli } = await import('./chunk-run.js');
process.exitCode = await runCli(process.argv.slice(2));
