// The registrant list as JSON, 100,000 rows: `flow.registrants.list` against `fetch().json()`.

import { Flow } from 'flow-api';

import { compare, shape } from './harness.mjs';
import { BENCH_TOKEN, SECRET, startMock } from './mock-server.mjs';

const ROWS = 100_000;
const REPEATS = 5;

export const title = `registrant list JSON, ${ROWS.toLocaleString('en-US')} rows`;

export async function run() {
  const mock = await startMock({ benchRegistrants: ROWS });
  try {
    const flow = new Flow({ apiSecret: SECRET, baseURL: mock.baseURL });
    const url = `${mock.baseURL}/reports/events/sessions/registrants/${BENCH_TOKEN}`;
    const withFetch = async () => {
      const response = await fetch(url, { headers: { 'api-secret': SECRET } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()).data;
    };
    return await compare(
      title,
      REPEATS,
      () => flow.registrants.list(BENCH_TOKEN),
      { 'fetch .json().data': withFetch },
      (items) => shape(items.length, Object.keys(items[0]).sort(), items.at(-1).email),
    );
  } finally {
    await mock.stop();
  }
}
