// The admin page (examples/browser-admin) in headless Chromium against flow-mock: built with Vite
// from the package's browser entry, served by `vite preview`, driven with playwright-core and
// Debian's chromium (installed when missing; Playwright never downloads a browser).

import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { build, preview } from 'vite';

import { startMock } from '../node/mock-server.mjs';
import { launchChromium } from './chromium.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const PAGE = `${ROOT}examples/browser-admin`;
const OUTPUT = `${ROOT}test-output`;
const SESSION = 'T35tT0K3n';

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => `${entry.parentPath ?? entry.path}/${entry.name}`);
}

let mock;
let server;
let browser;

before(async () => {
  await build({ configFile: `${PAGE}/vite.config.js`, logLevel: 'warn' });
  mock = await startMock();
  server = await preview({ configFile: `${PAGE}/vite.config.js`, preview: { host: '127.0.0.1', port: 0 }, logLevel: 'warn' });
  browser = await launchChromium(['--disable-quic']);
});

after(async () => {
  await browser?.close();
  await server?.close();
  await mock?.stop();
});

test('the built page contains no API secret', () => {
  for (const file of filesUnder(`${PAGE}/dist`)) {
    assert.ok(!readFileSync(file).includes(mock.apiSecret), `${file} contains the secret`);
  }
});

test('look up a session, register through the page, list registrants in trusted mode', async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
  const status = page.locator('#status');
  const url = `${server.resolvedUrls.local[0]}?api=${encodeURIComponent(mock.baseURL)}`;
  await page.goto(url);

  const store = await mock.store();
  const session = store.sessions.find((s) => s.token === SESSION);
  await page.fill('#token', SESSION);
  await page.click('#lookup button');
  await assert.doesNotReject(status.filter({ hasText: 'Session found.' }).waitFor());
  assert.equal(await page.locator('#session dd').first().textContent(), session.title);

  const email = `browser-${Date.now()}@example.com`;
  await page.fill('#email', email);
  await page.fill('#first-name', 'Chromium');
  await page.fill('#last-name', 'Headless');
  await page.click('#register button');
  await status.filter({ hasText: 'Registered.' }).waitFor();
  const joinLink = await page.locator('#registration a').getAttribute('href');

  const after = await mock.store();
  const mine = after.registrations.filter((r) => r.email === email);
  assert.equal(mine.length, 1, 'exactly one registration for that email');
  assert.deepEqual(
    { session: mine[0].session_token, firstName: mine[0].firstName, lastName: mine[0].lastName },
    { session: SESSION, firstName: 'Chromium', lastName: 'Headless' },
  );
  assert.equal(after.registrations.length, store.registrations.length + 1, 'no other registration appeared');
  assert.ok(joinLink?.includes(SESSION), joinLink);
  const posts = (await mock.requests()).filter((r) => r.method === 'POST' && r.path === '/api/v1/registrants');
  assert.equal(posts.length, 1);
  assert.equal(posts[0].has_api_secret, false, 'the public registration sent no secret');

  await page.fill('#secret', mock.apiSecret);
  await page.click('#staff button');
  await status.filter({ hasText: 'dangerouslyAllowBrowser' }).waitFor();
  assert.equal((await mock.requests()).filter((r) => r.path.includes('/reports/')).length, 0, 'refused before sending');

  await page.check('#trusted');
  await page.click('#staff button');
  await status.filter({ hasText: /\d+ registrants\./ }).waitFor();
  assert.equal(await page.locator(`#registrants tr[data-email="${email}"]`).count(), 1);

  mkdirSync(OUTPUT, { recursive: true });
  await page.screenshot({ path: `${OUTPUT}/browser-admin.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});
