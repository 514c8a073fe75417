// Where the benchmarks send their requests: without BENCH_BASE_URL, a release `flow-mock` process
// started here, so the server's work is never counted in the measured (client) process; with it,
// any server answering the same URLs (`make bench-static`: nginx serving bytes dumped from the
// mock). The data and paths are those of benchmarks/python/servers.py, which the dump reads.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const BINARY = new URL('../../target/release/flow-mock', import.meta.url).pathname;
const BASE_URL = (process.env.BENCH_BASE_URL ?? '').replace(/\/$/, '');
export const SECRET = 'sandbox-secret';
export const BENCH_TOKEN = 'B3nchT0k3n';
export const CSV_ROWS = 200_000;
export const JSON_ROWS = 100_000;
export const EVENT_TOKEN = 'LKo586mmk7g';
export const csvPath = (token) => `/reports/events/sessions/csv/registrants/${token}`;
export const listPath = (token) => `/reports/events/sessions/registrants/${token}`;
export const eventPath = (token) => `/events/sessions/${token}`;

/** `{ baseURL, stop() }`: BENCH_BASE_URL, or flow-mock on a free loopback port. */
export async function startServer({ benchRegistrants = 0, wideCsv = false } = {}) {
  if (BASE_URL) return { baseURL: BASE_URL, async stop() {} };
  const args = ['--port', '0', '--api-secret', SECRET, '--bench-registrants', String(benchRegistrants)];
  const child = spawn(BINARY, wideCsv ? [...args, '--bench-wide-csv'] : args, {
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
