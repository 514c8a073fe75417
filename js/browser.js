// Browser (and default) entry: touches no Node API. The wasm module is fetched on first use, next
// to this file, so bundlers emit it as an asset; there is no environment to read.

import init, { Core } from '../pkg/web/flow_wasm.js';
import { defineFlow } from './flow.js';

let ready = null;
let loading = null;

function load() {
  return ready ?? (loading ??= init().then(() => (ready = Core)));
}

export const Flow = defineFlow({ load, env: () => undefined });
export * from './errors.js';
