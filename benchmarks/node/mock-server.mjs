// Runs the release `flow-mock` binary as a separate process, so the server's work is never counted
// in the measured (client) process.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const BINARY = new URL('../../target/release/flow-mock', import.meta.url).pathname;
export const SECRET = 'sandbox-secret';
export const BENCH_TOKEN = 'B3nchT0k3n';

/** Starts flow-mock on a free loopback port; `stop()` ends it. */
export async function startMock({ benchRegistrants = 0 } = {}) {
  const child = spawn(BINARY, ['--port', '0', '--api-secret', SECRET, '--bench-registrants', String(benchRegistrants)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [first] = await Promise.race([
    once(createInterface({ input: child.stdout }), 'line'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`flow-mock exited with ${code} before printing its address`);
    }),
  ]);
  if (!first.startsWith('FLOW_BASE_URL=')) throw new Error(`flow-mock printed ${first}`);
  return {
    baseURL: first.slice('FLOW_BASE_URL='.length),
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}
