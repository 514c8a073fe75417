// Node entry: loads the wasm module synchronously from the package. The core reads
// FLOW_API_SECRET, FLOW_BASE_URL and FLOW_LOG through `env`, names Node in the User-Agent, and
// keeps a bulk registration's journal in a file through `journal`.

import { appendFileSync, closeSync, openSync, readFileSync, readSync } from 'node:fs';

import { WasmClient, initSync, manifest } from '../pkg/web/flow_wasm.js';
import { defineFlow } from './flow.js';

initSync({ module: readFileSync(new URL('../pkg/web/flow_wasm_bg.wasm', import.meta.url)) });

/**
 * A bulk registration's journal file for the core, opened on first use (a job refused for its
 * options leaves none): `read(at)` gives whole lines from offset `at` (empty at the end),
 * `append(text)` writes through before returning (O_APPEND: each line lands whole at the end).
 */
function journal(path) {
  let fd;
  const file = () => (fd ??= openSync(path, 'a+'));
  const buffer = Buffer.alloc(1 << 20);
  return {
    read(at) {
      const n = readSync(file(), buffer, 0, buffer.length, at);
      return buffer.subarray(0, n < buffer.length ? n : buffer.lastIndexOf(10, n - 1) + 1 || n);
    },
    append: (text) => appendFileSync(file(), text),
    close: () => fd === undefined || closeSync(fd),
  };
}

const runtime = { env: (name) => process.env[name], node: process.versions.node, journal };
export const Flow = defineFlow({ WasmClient, manifest, runtime });
export * from './errors.js';
