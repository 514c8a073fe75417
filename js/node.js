// Node entry: loads the wasm module synchronously from the package. The core reads
// FLOW_API_SECRET, FLOW_BASE_URL and FLOW_LOG through `env`, and names Node in the User-Agent.

import { readFileSync } from 'node:fs';

import { WasmClient, initSync, manifest } from '../pkg/web/flow_wasm.js';
import { defineFlow } from './flow.js';

initSync({ module: readFileSync(new URL('../pkg/web/flow_wasm_bg.wasm', import.meta.url)) });

const runtime = { env: (name) => process.env[name], node: process.versions.node };
export const Flow = defineFlow({ WasmClient, manifest, runtime });
export * from './errors.js';
