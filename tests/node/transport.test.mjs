// The fetch transport: which failures prove a request never left (and may be sent again), that
// redirects are never followed, and that bodies are bounded by maxResponseBytes. First with fake
// fetches whose errors and responses are what undici and browsers produce, then over real sockets
// to small node:http servers (no dependency on flow-mock).

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { describe, test } from 'node:test';

import {
  APIConnectionError,
  APIResponseValidationError,
  APIStatusError,
  Flow,
  FlowError,
} from 'flow-api';

const BASE = 'https://flow.test/api/v1';
const SECRET = 'sk-transport-test-9d41b2';
const PERSON = { sessionToken: 'T35tT0K3n', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' };
const REPORT = 'LKo586mmk7g';
const noSleep = () => {};

/** A fetch that counts its calls and runs `answer(url, init, call)`. */
function counting(answer) {
  const fetch = async (url, init) => {
    fetch.calls += 1;
    fetch.inits.push(init);
    return answer(url, init, fetch.calls);
  };
  fetch.calls = 0;
  fetch.inits = [];
  return fetch;
}

/** An error as Node's net and dns modules make them: `code` and `syscall`. */
const systemError = (code, syscall) => Object.assign(new Error(`${syscall} ${code} 192.0.2.1:443`), { code, errno: -1, syscall });

/** What undici's fetch throws: a TypeError whose cause is the underlying error. */
const fetchFailed = (cause) => new TypeError('fetch failed', cause === undefined ? undefined : { cause });

describe('which failures prove nothing was sent', () => {
  const cases = [
    ['ECONNREFUSED from connect', systemError('ECONNREFUSED', 'connect'), true],
    ['EHOSTUNREACH from connect', systemError('EHOSTUNREACH', 'connect'), true],
    ['ENETUNREACH from connect', systemError('ENETUNREACH', 'connect'), true],
    ['ENOTFOUND from getaddrinfo', systemError('ENOTFOUND', 'getaddrinfo'), true],
    ['EAI_AGAIN from getaddrinfo', systemError('EAI_AGAIN', 'getaddrinfo'), true],
    ["undici's connect timeout (no syscall)", Object.assign(new Error('Connect Timeout Error'), { code: 'UND_ERR_CONNECT_TIMEOUT' }), true],
    ['happy eyeballs: every address refused', Object.assign(new AggregateError([systemError('ECONNREFUSED', 'connect'), systemError('ECONNREFUSED', 'connect')]), { code: 'ECONNREFUSED' }), true],
    ['EHOSTUNREACH on an open socket (write)', systemError('EHOSTUNREACH', 'write'), false],
    ['ENETUNREACH on an open socket (read)', systemError('ENETUNREACH', 'read'), false],
    ['ECONNREFUSED without a syscall', Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), false],
    ['ECONNRESET from read', systemError('ECONNRESET', 'read'), false],
    ['the socket closed (UND_ERR_SOCKET)', Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }), false],
    ['happy eyeballs: one address reset', Object.assign(new AggregateError([systemError('ECONNREFUSED', 'connect'), systemError('ECONNRESET', 'read')]), { code: 'ECONNREFUSED' }), false],
    ["a browser's bare TypeError", undefined, false],
  ];
  for (const [what, cause, neverSent] of cases) {
    test(`${what}: a write is ${neverSent ? 'sent again' : 'sent once'}`, async () => {
      const fetch = counting(() => {
        throw fetchFailed(cause);
      });
      const flow = new Flow({ apiSecret: null, baseURL: BASE, fetch, maxRetries: 2, _sleep: noSleep });
      const error = await flow.registrants.create(PERSON).catch((e) => e);
      assert.ok(error instanceof APIConnectionError, String(error));
      assert.equal(fetch.calls, neverSent ? 3 : 1);
      assert.equal(error.mayHaveBeenProcessed, !neverSent);
      assert.match(error.message, neverSent ? /nothing was sent/ : /may have been processed/);
    });
  }

  test('a read is retried either way', async () => {
    const fetch = counting(() => {
      throw fetchFailed(systemError('EHOSTUNREACH', 'write'));
    });
    const error = await new Flow({ apiSecret: SECRET, baseURL: BASE, fetch, maxRetries: 2, _sleep: noSleep }).events.list().catch((e) => e);
    assert.ok(error instanceof APIConnectionError, String(error));
    assert.equal(fetch.calls, 3);
  });
});

describe('redirects are never followed', () => {
  test("every fetch is called with redirect: 'manual'", async () => {
    const fetch = counting(() => Response.json({ code: 200, data: [] }));
    await new Flow({ apiSecret: SECRET, baseURL: BASE, fetch }).events.list();
    await new Flow({ apiSecret: null, baseURL: BASE, fetch }).registrants.create(PERSON).catch(() => {});
    assert.deepEqual(fetch.inits.map((i) => i.redirect), ['manual', 'manual']);
  });

  test("a browser's opaque redirect is a connection error that may have been processed; a write is not repeated", async () => {
    // What fetch resolves to in a browser under redirect: 'manual': status 0, nothing readable.
    const opaque = () => ({ type: 'opaqueredirect', status: 0, headers: new Headers(), body: null, arrayBuffer: async () => new ArrayBuffer(0) });
    const fetch = counting(opaque);
    const error = await new Flow({ apiSecret: null, baseURL: BASE, fetch, maxRetries: 2, _sleep: noSleep }).registrants.create(PERSON).catch((e) => e);
    assert.ok(error instanceof APIConnectionError, String(error));
    assert.match(error.message, /redirect, which a browser does not let the page read/);
    assert.equal(error.mayHaveBeenProcessed, true);
    assert.equal(fetch.calls, 1);
  });

  test('a 3xx answer is handed to the core as it is', async () => {
    const fetch = counting(() => new Response(null, { status: 301, headers: { location: 'https://elsewhere.test/secret/path?k=v' } }));
    const error = await new Flow({ apiSecret: SECRET, baseURL: BASE, fetch, _sleep: noSleep }).events.list().catch((e) => e);
    assert.ok(error instanceof APIStatusError, String(error));
    assert.equal(error.status, 301);
    assert.match(error.message, /redirect to https:\/\/elsewhere\.test/);
    assert.doesNotMatch(error.message, /secret\/path|k=v/);
    assert.equal(fetch.calls, 1);
  });
});

describe('bodies are bounded by maxResponseBytes', () => {
  const LIMIT = 4096;
  /** A JSON envelope padded with spaces to exactly `size` bytes. */
  const envelope = (size) => {
    const json = '{"code":200,"data":[]}';
    return json + ' '.repeat(size - json.length);
  };
  /** A body stream of `chunks` (Uint8Arrays), recording how it was used. */
  const recordedStream = (chunks) => {
    const log = { pulls: 0, cancelled: false };
    let i = 0;
    const stream = new ReadableStream({
      pull(controller) {
        log.pulls += 1;
        if (typeof chunks === 'function') controller.enqueue(chunks(i++));
        else if (i < chunks.length) controller.enqueue(chunks[i++]);
        else controller.close();
      },
      cancel() {
        log.cancelled = true;
      },
    }, { highWaterMark: 0 });
    return { stream, log };
  };
  const flowWith = (fetch, options = {}) => new Flow({ apiSecret: SECRET, baseURL: BASE, fetch, maxResponseBytes: LIMIT, maxRetries: 2, _sleep: noSleep, ...options });

  test('a Content-Length over the bound fails before the body is read, and is not retried', async () => {
    const log = { readers: 0, cancelled: 0 };
    const body = {
      getReader() {
        log.readers += 1;
        throw new Error('must not be read');
      },
      cancel: async () => void (log.cancelled += 1),
    };
    const fetch = counting(() => ({ status: 200, headers: { 'content-length': String(LIMIT + 1), 'x-request-id': 'req-big' }, body }));
    const error = await flowWith(fetch).events.list().catch((e) => e);
    assert.ok(error instanceof APIResponseValidationError, String(error));
    assert.equal(error.status, 200);
    assert.equal(error.requestId, 'req-big');
    assert.match(error.message, /max_response_bytes \(4096 bytes\)/);
    assert.deepEqual(log, { readers: 0, cancelled: 1 });
    assert.equal(fetch.calls, 1);
  });

  test('a stream without Content-Length is cancelled as soon as it passes the bound', async () => {
    const { stream, log } = recordedStream(() => new Uint8Array(1000).fill(0x20));
    const error = await flowWith(counting(() => new Response(stream))).events.list().catch((e) => e);
    assert.ok(error instanceof APIResponseValidationError, String(error));
    assert.equal(log.cancelled, true);
    assert.equal(log.pulls, 5, 'read 5 chunks of 1000 bytes, the fifth passing 4096, and no more');
  });

  test('a Content-Length that lies low does not let a longer stream through', async () => {
    const { stream, log } = recordedStream(() => new Uint8Array(1000).fill(0x20));
    const error = await flowWith(counting(() => new Response(stream, { headers: { 'content-length': '10' } }))).events.list().catch((e) => e);
    assert.ok(error instanceof APIResponseValidationError, String(error));
    assert.equal(log.cancelled, true);
  });

  test('without a body stream, arrayBuffer() is read and checked', async () => {
    const minimal = (text) => async () => ({ status: 200, headers: {}, arrayBuffer: async () => new TextEncoder().encode(text).buffer });
    const error = await flowWith(minimal(envelope(LIMIT + 1))).events.list().catch((e) => e);
    assert.ok(error instanceof APIResponseValidationError, String(error));
    assert.deepEqual(await flowWith(minimal(envelope(LIMIT))).events.list(), []);
  });

  test('exactly the bound is read, with or without Content-Length, in one chunk or many', async () => {
    const bytes = new TextEncoder().encode(envelope(LIMIT));
    const chunked = () => [bytes.subarray(0, 1), bytes.subarray(1, 2000), bytes.subarray(2000, 2000), bytes.subarray(2000)];
    const answers = [
      () => new Response(bytes),
      () => new Response(bytes, { headers: { 'content-length': String(LIMIT) } }),
      () => new Response(recordedStream(chunked()).stream),
      () => new Response(recordedStream(chunked()).stream, { headers: { 'content-length': String(LIMIT) } }),
    ];
    for (const answer of answers) assert.deepEqual(await flowWith(counting(answer)).events.list(), []);
  });

  test('a body split anywhere, even inside a character, arrives intact', async () => {
    const json = JSON.stringify({ code: 200, data: [{ id: 1, email: 'zoë@例え.jp', title: 'Ünïcødé 👩‍💻'.repeat(50) }] });
    const bytes = new TextEncoder().encode(json);
    const pieces = (size) => Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.slice(i * size, (i + 1) * size));
    for (const [size, headers] of [[1, {}], [7, { 'content-length': String(bytes.length) }], [7, { 'content-length': '3' }],
      [64, { 'content-length': String(bytes.length), 'content-encoding': 'gzip' }], [100_000, {}]]) {
      const { stream } = recordedStream(pieces(size));
      const sessions = await flowWith(counting(() => new Response(stream, { headers })), { maxResponseBytes: 1 << 20 }).events.list();
      assert.deepEqual(sessions, JSON.parse(json).data, `chunks of ${size}, ${JSON.stringify(headers)}`);
    }
  });

  test('a stream that yields something other than bytes is a connection error, and is cancelled', async () => {
    const cancelled = [];
    const stream = new ReadableStream({
      pull: (controller) => controller.enqueue('text, not bytes'),
      cancel: () => void cancelled.push(true),
    });
    const error = await flowWith(counting(() => ({ status: 200, headers: {}, body: stream })), { maxRetries: 0 }).events.list().catch((e) => e);
    assert.ok(error instanceof APIConnectionError, String(error));
    assert.match(error.message, /other than bytes/);
    assert.deepEqual(cancelled, [true]);
  });
});

/** A node:http server on a free loopback port; records every request with its body. */
async function serve(handler) {
  const requests = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() });
      handler(req, res);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    baseURL: `http://127.0.0.1:${port}/api/v1`,
    requests,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Runs `body` with servers that are closed afterwards, whatever happens. */
async function withServers(handlers, body) {
  const servers = [];
  try {
    for (const handler of handlers) servers.push(await serve(handler));
    return await body(...servers);
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
}

const csv = (text) => (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/csv' });
  res.end(text);
};

describe('over real sockets', () => {
  test('a 302 to another host is an APIStatusError, and that host receives nothing', async () => {
    let target;
    const redirect = (_req, res) => {
      res.writeHead(302, { location: `${target}/steal?from=flow` });
      res.end();
    };
    await withServers([(_req, res) => res.end('stolen'), redirect], async (other, api) => {
      target = other.origin;
      const flow = new Flow({ apiSecret: SECRET, baseURL: api.baseURL, maxRetries: 2, _sleep: noSleep });
      const error = await flow.events.list().catch((e) => e);
      assert.ok(error instanceof APIStatusError, String(error));
      assert.equal(error.status, 302);
      assert.ok(error.message.includes(other.origin), error.message);
      assert.doesNotMatch(error.message, /steal|from=flow/);
      assert.equal(api.requests.length, 1);
      assert.equal(api.requests[0].headers['api-secret'], SECRET);
      assert.deepEqual(other.requests, []);
    });
  });

  test('the User-Agent and the caller\'s headers reach the server as set', async () => {
    await withServers([(_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"code":200,"data":[]}');
    }], async (api) => {
      const flow = new Flow({ apiSecret: SECRET, baseURL: api.baseURL, defaultHeaders: { 'x-team': 'ops' } });
      await flow.events.list({}, { headers: { 'x-trace': 't-9' } });
      const [{ headers }] = api.requests;
      assert.match(headers['user-agent'], new RegExp(`^flow-api-node/\\d+\\.\\d+\\.\\d+ node/${process.versions.node.split('.')[0]}$`));
      assert.equal(headers['x-team'], 'ops');
      assert.equal(headers['x-trace'], 't-9');
    });
  });

  test('a registration answered 307 is sent exactly once and may have been processed', async () => {
    await withServers([(_req, res) => {
      res.writeHead(307, { location: 'http://127.0.0.1:9/' });
      res.end();
    }], async (api) => {
      const flow = new Flow({ apiSecret: null, baseURL: api.baseURL, maxRetries: 2, _sleep: noSleep });
      const error = await flow.registrants.create(PERSON).catch((e) => e);
      assert.ok(error instanceof APIStatusError, String(error));
      assert.equal(error.status, 307);
      assert.equal(error.mayHaveBeenProcessed, true);
      assert.deepEqual(api.requests.map((r) => `${r.method} ${r.url}`), ['POST /api/v1/registrants']);
    });
  });

  // Hang guards, not speed checks: a parser that went quadratic would stop these.
  test('a CSV report whose header has 20,000 columns is a typed error', { timeout: 120_000 }, async () => {
    await withServers([csv('a,'.repeat(20_000) + '\n')], async (api) => {
      const flow = new Flow({ apiSecret: SECRET, baseURL: api.baseURL });
      const error = await flow.reports.registrants(REPORT).catch((e) => e);
      assert.ok(error instanceof APIResponseValidationError, String(error));
      assert.match(error.message, /columns/);
    });
  });

  test('a CSV report with a row of 1,000,000 commas among 100,000 rows is a typed error', { timeout: 120_000 }, async () => {
    await withServers([csv('a\n' + ','.repeat(1_000_000) + '\n' + 'x\n'.repeat(100_000))], async (api) => {
      const flow = new Flow({ apiSecret: SECRET, baseURL: api.baseURL });
      const error = await flow.reports.registrants(REPORT).catch((e) => e);
      assert.ok(error instanceof APIResponseValidationError, String(error));
    });
  });

  test('a body over maxResponseBytes with Content-Length is refused unread', async () => {
    await withServers([(_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 100_000 });
      res.end(' '.repeat(100_000));
    }], async (api) => {
      const flow = new Flow({ apiSecret: SECRET, baseURL: api.baseURL, maxResponseBytes: 65_536, maxRetries: 2, _sleep: noSleep });
      const error = await flow.events.list().catch((e) => e);
      assert.ok(error instanceof APIResponseValidationError, String(error));
      assert.equal(error.status, 200);
      assert.equal(api.requests.length, 1, 'not retried: the same answer would be as large again');
    });
  });

  test('an endless body without Content-Length stops at the bound: the download is cancelled', { timeout: 60_000 }, async () => {
    let closed;
    const done = new Promise((resolve) => (closed = resolve));
    await withServers([(_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(16_384, 0x20);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('close', closed);
      pump();
    }], async (api) => {
      const flow = new Flow({ apiSecret: SECRET, baseURL: api.baseURL, maxResponseBytes: 65_536 });
      const error = await flow.events.list().catch((e) => e);
      assert.ok(error instanceof APIResponseValidationError, String(error));
      await done;
      assert.equal(api.requests.length, 1);
    });
  });

  test('a secret with a trailing newline is sent trimmed; bad secrets and a secret as baseURL throw unechoed', async () => {
    await withServers([(req, res) => {
      const ok = req.headers['api-secret'] === SECRET;
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { code: 200, data: [] } : { code: 401, message: 'bad secret' }));
    }], async (api) => {
      assert.deepEqual(await new Flow({ apiSecret: `${SECRET}\n`, baseURL: api.baseURL }).events.list(), []);
      const refused = [
        () => new Flow({ apiSecret: `sk-transport\x01${SECRET}`, baseURL: api.baseURL }),
        () => new Flow({ apiSecret: SECRET, baseURL: SECRET }),
      ];
      for (const construct of refused) {
        assert.throws(construct, (e) => {
          assert.ok(e instanceof FlowError, String(e));
          assert.equal(e.kind, 'missing_configuration');
          assert.ok(!e.message.includes(SECRET) && !e.message.includes('sk-transport'), e.message);
          return true;
        });
      }
      assert.equal(api.requests.length, 1);
    });
  });
});
