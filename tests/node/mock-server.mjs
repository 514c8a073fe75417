// Starts the bundled `flow-mock` binary on a free loopback port for a test file, and wraps its
// `/__mock` control surface (faults, request log, store, reset).

import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Builds the binary when needed (a no-op when it is up to date) and starts it with `apiSecret`. */
export async function startMock({ apiSecret = 'sandbox-secret' } = {}) {
  execFileSync('cargo', ['build', '--quiet', '-p', 'flow-mock'], { cwd: ROOT, stdio: 'inherit' });
  const child = spawn(`${ROOT}target/debug/flow-mock`, ['--port', '0', '--api-secret', apiSecret], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const [first] = await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`flow-mock exited with ${code} before printing its address`);
    }),
  ]);
  const baseURL = first.replace(/^FLOW_BASE_URL=/, '');
  const origin = new URL(baseURL).origin;
  const control = async (method, path, body) => {
    const response = await fetch(`${origin}/__mock${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} /__mock${path}: HTTP ${response.status} ${text.slice(0, 500)}`);
    return JSON.parse(text);
  };
  return {
    baseURL,
    origin,
    apiSecret,
    control,
    reset: () => control('POST', '/reset'),
    fault: (rule) => control('POST', '/faults', rule),
    requests: () => control('GET', '/requests'),
    store: () => control('GET', '/store'),
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}
