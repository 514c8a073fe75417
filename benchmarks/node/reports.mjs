// The 200,000-row, 14-column registrants CSV report as row objects, every value read:
// `flow.reports.registrants` against `fetch` + papaparse with the same loop.

import Papa from 'papaparse';
import { Flow } from 'flow-api';

import { compare, shape } from './harness.mjs';
import { BENCH_TOKEN, CSV_ROWS, SECRET, csvPath, startServer } from './server.mjs';

export const title = `registrants CSV report, ${CSV_ROWS.toLocaleString('en-US')} rows x 14 columns`;

/** The user's loop: every value of every row read (its length summed, so it is used). */
function readEveryValue(rows) {
  let chars = 0;
  for (const row of rows) for (const value of Object.values(row)) chars += value.length;
  const last = rows.at(-1);
  return shape(rows.length, Object.keys(last), `${last.Email}, ${chars.toLocaleString('en-US')} characters in all`);
}

export async function run() {
  const server = await startServer({ benchRegistrants: CSV_ROWS, wideCsv: true });
  try {
    const flow = new Flow({ apiSecret: SECRET, baseURL: server.baseURL });
    const url = `${server.baseURL}${csvPath(BENCH_TOKEN)}`;
    const withPapa = async () => {
      const response = await fetch(url, { headers: { 'api-secret': SECRET } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return readEveryValue(Papa.parse(await response.text(), { header: true, skipEmptyLines: true }).data);
    };
    return await compare(
      ['flow.reports.registrants(token), every value', async () => readEveryValue((await flow.reports.registrants(BENCH_TOKEN)).rows)],
      [['node-csv', 'fetch + Papa.parse(header: true), every value', withPapa]],
      (result) => result,
    );
  } finally {
    await server.stop();
  }
}
