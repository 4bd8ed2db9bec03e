import { a as applyHeapFlags } from './chunk-heap.js';
import { s as sizeThreadPool } from './chunk-parallelism.js';
import 'node:v8';
import 'node:os';

// The action's entry point (dist/index.js): sets the heap flags (runtime/heap.ts) before the bundle loads, then
// everything happens in run().
applyHeapFlags();
sizeThreadPool();
const { run } = await import('./chunk-main.js').then(function (n) { return n.m; });
await run();
