// The registrant list as JSON, 100,000 items: `flow.registrants.list` against `fetch().json()`.

import { Flow } from 'flow-api';

import { compare, shape } from './harness.mjs';
import { BENCH_TOKEN, JSON_ROWS, SECRET, listPath, startServer } from './server.mjs';

export const title = `registrant list JSON, ${JSON_ROWS.toLocaleString('en-US')} items`;

export async function run() {
  const server = await startServer({ benchRegistrants: JSON_ROWS });
  try {
    const flow = new Flow({ apiSecret: SECRET, baseURL: server.baseURL });
    const url = `${server.baseURL}${listPath(BENCH_TOKEN)}`;
    const withFetch = async () => {
      const response = await fetch(url, { headers: { 'api-secret': SECRET } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()).data;
    };
    return await compare(
      ['flow.registrants.list(token)', () => flow.registrants.list(BENCH_TOKEN)],
      [['node-json', 'fetch .json().data', withFetch]],
      (items) => shape(items.length, Object.keys(items[0]).sort(), items.at(-1).email),
    );
  } finally {
    await server.stop();
  }
}
