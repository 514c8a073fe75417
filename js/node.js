// Node entry: loads the wasm module synchronously from the package, and falls back to the
// FLOW_API_SECRET / FLOW_BASE_URL environment variables.

import { readFileSync } from 'node:fs';

import { Core, initSync } from '../pkg/web/flow_wasm.js';
import { defineFlow } from './flow.js';

initSync({ module: readFileSync(new URL('../pkg/web/flow_wasm_bg.wasm', import.meta.url)) });

function env(name) {
  const value = process.env[name];
  return value?.trim() ? value : undefined;
}

export const Flow = defineFlow({ load: () => Core, env });
export * from './errors.js';
