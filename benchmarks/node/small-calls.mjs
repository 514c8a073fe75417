// Many small calls: 500 `events.get`, one after another and concurrently (at most 50 in flight),
// against the same calls made with `fetch`.

import { Flow } from 'flow-api';

import { compare, shape } from './harness.mjs';
import { EVENT_TOKEN, SECRET, eventPath, startServer } from './server.mjs';

const CALLS = 500;
const IN_FLIGHT = 50;

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
    results.filter((s) => s.token === EVENT_TOKEN).length,
    Object.keys(results[0]).sort(),
    results.at(-1).title,
  );

export async function run() {
  const server = await startServer();
  try {
    const flow = new Flow({ apiSecret: SECRET, baseURL: server.baseURL });
    const url = `${server.baseURL}${eventPath(EVENT_TOKEN)}`;
    const withFetch = async () => {
      const response = await fetch(url, { headers: { 'api-secret': SECRET } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()).data;
    };
    const sdk = () => flow.events.get(EVENT_TOKEN);
    return [
      ...(await compare(
        [`${CALLS} x flow.events.get(token)`, () => sequential(sdk)],
        [['node-small', 'fetch', () => sequential(withFetch)]],
        sessions,
      )),
      ...(await compare(
        [`${CALLS} x flow.events.get(token), ${IN_FLIGHT} in flight`, () => concurrent(sdk)],
        [['extra-node-concurrent', 'fetch', () => concurrent(withFetch)]],
        sessions,
      )),
    ];
  } finally {
    await server.stop();
  }
}
