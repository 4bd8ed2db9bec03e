#!/usr/bin/env node
import { a as applyHeapFlags } from './chunk-heap.js';
import 'node:v8';

// The command line's entry point (dist/cli.js): sets the heap flags (heap.ts) before the bundle loads.
applyHeapFlags();
const { main } = await import('./chunk-cli.js');
process.exitCode = await main(process.argv.slice(2));
