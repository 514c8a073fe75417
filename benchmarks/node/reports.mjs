// A 1,000,000-row registrants CSV report: `flow.reports.registrants` against `fetch` + papaparse.

import Papa from 'papaparse';
import { Flow } from 'flow-api';

import { compare, shape } from './harness.mjs';
import { BENCH_TOKEN, SECRET, startMock } from './mock-server.mjs';

const ROWS = 1_000_000;
const REPEATS = 5;

export const title = `registrants CSV report, ${ROWS.toLocaleString('en-US')} rows`;

export async function run() {
  const mock = await startMock({ benchRegistrants: ROWS });
  try {
    const flow = new Flow({ apiSecret: SECRET, baseURL: mock.baseURL });
    const url = `${mock.baseURL}/reports/events/sessions/csv/registrants/${BENCH_TOKEN}`;
    const withPapa = async () => {
      const response = await fetch(url, { headers: { 'api-secret': SECRET } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const parsed = Papa.parse(await response.text(), { header: true, skipEmptyLines: true });
      return { columns: parsed.meta.fields, rows: parsed.data };
    };
    return await compare(
      title,
      REPEATS,
      () => flow.reports.registrants(BENCH_TOKEN),
      { 'fetch + Papa.parse(header: true)': withPapa },
      (report) => shape(report.rows.length, report.columns, report.rows.at(-1).Email),
    );
  } finally {
    await mock.stop();
  }
}
