// What a browser or a Node install pays before the first call: the wasm module, gzipped as a
// server or CDN would send it.

import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

import { limit } from './harness.mjs';

const PKG = new URL('../../pkg/', import.meta.url);

export const title = 'sizes: flow_wasm_bg.wasm, gzipped';

/** The largest `pkg/<target>/flow_wasm_bg.wasm`, gzip level 9. */
export async function run() {
  const sizes = readdirSync(PKG, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      try {
        const wasm = readFileSync(new URL(`${entry.name}/flow_wasm_bg.wasm`, PKG));
        return [{ name: `pkg/${entry.name}/flow_wasm_bg.wasm`, raw: wasm.length, gz: gzipSync(wasm, { level: 9 }).length }];
      } catch {
        return [];
      }
    });
  if (sizes.length === 0) throw new Error('no pkg/*/flow_wasm_bg.wasm: run make node-build');
  const largest = sizes.reduce((a, b) => (b.gz > a.gz ? b : a));
  return [limit('wasm-gz', `${largest.name} gzipped (${(largest.raw / 1000).toFixed(0)} KB raw)`, largest.gz / 1000, 'KB')];
}
