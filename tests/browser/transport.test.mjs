// The package's browser entry in headless Chromium, against a small node:http server that serves
// both the package files and canned API answers from one origin: what a browser really does with
// `redirect: 'manual'` (an opaque redirect, status 0), bounded bodies read from `response.body`,
// and the secret guard in a module Worker (no `window` there).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { inPage as openPage, launchChromium, servePackage } from './chromium.mjs';

const SECRET = 'sk-browser-test-41c9e0';

const WORKER = `
import { Flow } from '/js/browser.js';
const attempt = (options) => {
  try {
    new Flow(options);
    return 'constructed';
  } catch (error) {
    return error.name + ': ' + error.message;
  }
};
postMessage({
  withSecret: attempt({ apiSecret: ${JSON.stringify(SECRET)}, baseURL: location.origin + '/api/v1' }),
  trusted: attempt({ apiSecret: ${JSON.stringify(SECRET)}, baseURL: location.origin + '/api/v1', dangerouslyAllowBrowser: true }),
  stringTrue: attempt({ apiSecret: ${JSON.stringify(SECRET)}, baseURL: location.origin + '/api/v1', dangerouslyAllowBrowser: 'true' }),
  session: await new Flow({ baseURL: location.origin + '/api/v1' }).events.getPublic('T35tT0K3n').then((s) => s.token),
});
`;

let closeServer;
let origin;
let hits;
let browser;

function api(req, res) {
  const json = (status, value, headers = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(value));
  };
  const path = new URL(req.url, 'http://x').pathname;
  if (path === '/api/v1/events/sessions/public/T35tT0K3n') return json(200, { code: 200, data: { token: 'T35tT0K3n', title: 'Future' } });
  if (path === '/api/v1/events/sessions/public/r3d1r3ct') {
    res.writeHead(302, { location: '/elsewhere/read' });
    return res.end();
  }
  if (path === '/api/v1/registrants') {
    res.writeHead(307, { location: '/elsewhere/write' });
    return res.end();
  }
  if (path === '/api/v1/events/sessions/public/b1gL3ngth') {
    const body = JSON.stringify({ code: 200, data: { token: 'x'.repeat(10_000) } });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    return res.end(body);
  }
  if (path === '/api/v1/events/sessions/public/b1gChunk5') {
    res.writeHead(200, { 'content-type': 'application/json' });
    for (let i = 0; i < 10; i++) res.write(' '.repeat(1000));
    return res.end('{"code":200,"data":{}}');
  }
  return json(404, { code: 404, message: 'not found' });
}

/** The worker script and the canned API answers, beside the package files. */
function route(req, res, path) {
  if (path === '/worker.mjs') {
    res.writeHead(200, { 'content-type': 'text/javascript' });
    res.end(WORKER);
  } else if (path.startsWith('/api/')) {
    api(req, res);
  } else {
    return false;
  }
  return true;
}

before(async () => {
  ({ origin, hits, close: closeServer } = await servePackage(route));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await closeServer?.();
});

/** Opens the page and runs `body` in it (it imports the package's browser entry itself). */
const inPage = (body) => openPage(browser, origin, body);

test('a redirect is an opaque redirect in a browser: a connection error, never followed, a write sent once', async () => {
  hits.length = 0;
  const result = await inPage(async () => {
    const api = await import('/js/browser.js');
    const baseURL = `${location.origin}/api/v1`;
    const describe = (e) => ({ name: e.name, message: e.message, mayHaveBeenProcessed: e.mayHaveBeenProcessed });
    const ok = await new api.Flow({ baseURL }).events.getPublic('T35tT0K3n');
    const read = await new api.Flow({ baseURL, maxRetries: 0 }).events.getPublic('r3d1r3ct').catch(describe);
    const write = await new api.Flow({ baseURL, maxRetries: 2 })
      .registrants.create({ sessionToken: 'T35tT0K3n', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' })
      .catch(describe);
    return { token: ok.token, read, write };
  });
  assert.equal(result.token, 'T35tT0K3n');
  for (const error of [result.read, result.write]) {
    assert.equal(error.name, 'APIConnectionError', error.message);
    assert.match(error.message, /redirect, which a browser does not let the page read/);
    assert.equal(error.mayHaveBeenProcessed, true);
  }
  assert.equal(hits.filter((h) => h === 'POST /api/v1/registrants').length, 1, hits.join(', '));
  assert.deepEqual(hits.filter((h) => h.includes('/elsewhere')), []);
});

test('bodies over maxResponseBytes fail in a browser, with and without Content-Length', async () => {
  const result = await inPage(async () => {
    const api = await import('/js/browser.js');
    const flow = new api.Flow({ baseURL: `${location.origin}/api/v1`, maxResponseBytes: 4096, maxRetries: 0 });
    const names = [];
    for (const token of ['b1gL3ngth', 'b1gChunk5']) {
      names.push(await flow.events.getPublic(token).then(() => 'resolved', (e) => `${e.name} ${e.status}`));
    }
    const roomy = new api.Flow({ baseURL: `${location.origin}/api/v1`, maxResponseBytes: 1 << 20 });
    names.push(await roomy.events.getPublic('b1gChunk5').then(() => 'resolved', (e) => e.name));
    return names;
  });
  assert.deepEqual(result, ['APIResponseValidationError 200', 'APIResponseValidationError 200', 'resolved']);
});

test('in a module Worker an apiSecret throws unless dangerouslyAllowBrowser is true', async () => {
  const page = await browser.newPage();
  try {
    await page.goto(`${origin}/`);
    const result = await page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const worker = new Worker('/worker.mjs', { type: 'module' });
          worker.onmessage = (event) => resolve(event.data);
          worker.onerror = (event) => reject(new Error(event.message));
        }),
    );
    assert.match(result.withSecret, /^FlowError: Refusing to use the account API secret in a browser/);
    assert.ok(!result.withSecret.includes(SECRET));
    assert.equal(result.trusted, 'constructed');
    assert.match(result.stringTrue, /dangerouslyAllowBrowser/);
    assert.equal(result.session, 'T35tT0K3n');
  } finally {
    await page.close();
  }
});
