// Many small calls: 500 `events.get`, one after another and concurrently (at most 50 in flight),
// against the same calls made with `fetch`.

import { Flow } from 'flow-api';

import { compare, shape } from './harness.mjs';
import { SECRET, startMock } from './mock-server.mjs';

const CALLS = 500;
const IN_FLIGHT = 50;
const REPEATS = 5;
const TOKEN = 'LKo586mmk7g';

export const title = `${CALLS} small calls (events.get), sequential and concurrent`;

async function sequential(call) {
  const results = [];
  for (let i = 0; i < CALLS; i += 1) results.push(await call());
  return results;
}

/** `CALLS` calls, `IN_FLIGHT` workers each taking the next one. */
async function concurrent(call) {
  const results = [];
  let next = 0;
  const worker = async () => {
    while (next < CALLS) {
      const i = next;
      next += 1;
      results[i] = await call();
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return results;
}

/** Every result must be the session asked for; the first one's fields are compared. */
const sessions = (results) =>
  shape(
    results.filter((s) => s.token === TOKEN).length,
    Object.keys(results[0]).sort(),
    results.at(-1).title,
  );

export async function run() {
  const mock = await startMock();
  try {
    const flow = new Flow({ apiSecret: SECRET, baseURL: mock.baseURL });
    const url = `${mock.baseURL}/events/sessions/${TOKEN}`;
    const withFetch = async () => {
      const response = await fetch(url, { headers: { 'api-secret': SECRET } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()).data;
    };
    const sdk = () => flow.events.get(TOKEN);
    return [
      ...(await compare(
        `${CALLS} sequential events.get`,
        REPEATS,
        () => sequential(sdk),
        { fetch: () => sequential(withFetch) },
        sessions,
      )),
      ...(await compare(
        `${CALLS} concurrent events.get (${IN_FLIGHT} in flight)`,
        REPEATS,
        () => concurrent(sdk),
        { fetch: () => concurrent(withFetch) },
        sessions,
      )),
    ];
  } finally {
    await mock.stop();
  }
}
