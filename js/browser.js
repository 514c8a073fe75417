// Browser (and default) entry: touches no Node API. The wasm module, next to this file so bundlers
// emit it as an asset, is loaded when the package is imported: the resources are built from its
// manifest. There is no environment to read, and no User-Agent to send (a browser sets its own).

import init, { WasmClient, manifest } from '../pkg/web/flow_wasm.js';
import { defineFlow } from './flow.js';

await init();

export const Flow = defineFlow({ WasmClient, manifest });
export * from './errors.js';
