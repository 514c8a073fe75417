// The jobs through the package's browser entry in headless Chromium, with a fake `fetch` standing
// in for the API: registrants.createMany from an async generator, reports.collect with one failing
// session, and `journal` refused (a browser has no file to keep it in) before anything is sent.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { inPage, launchChromium, servePackage } from './chromium.mjs';

let server;
let browser;

before(async () => {
  server = await servePackage();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('createMany and collect in a browser page; a journal is refused there', async () => {
  const result = await inPage(browser, server.origin, async () => {
    const api = await import('/js/browser.js');
    const sent = [];
    const envelope = (data) => new Response(JSON.stringify({ code: 200, data }), { headers: { 'content-type': 'application/json' } });
    const fetch = async (url, init) => {
      const path = new URL(url).pathname;
      sent.push(`${init.method} ${path}`);
      if (path === '/api/v1/registrants') {
        const { email } = JSON.parse(init.body);
        if (email === 'refused@example.com') return new Response('{"code":422,"message":"Invalid email"}', { status: 422 });
        return envelope({ token: `t-${email}`, isNew: email !== 'old@example.com' });
      }
      if (path.endsWith('/csv/registrants/s1')) return new Response('Email,Name\na@x.co,A\n', { headers: { 'content-type': 'text/csv' } });
      if (path.endsWith('/csv/registrants/s2')) return new Response('{"code":500,"message":"boom"}', { status: 500 });
      if (path.endsWith('/events/sessions/s1')) return envelope({ token: 's1', title: 'One' });
      if (path.endsWith('/events/sessions/s2')) return envelope({ token: 's2', title: 'Two' });
      return new Response('{"code":404}', { status: 404 });
    };
    const flow = new api.Flow({ apiSecret: 'browser-secret', dangerouslyAllowBrowser: true, baseURL: 'https://flow.test/api/v1', fetch, maxRetries: 0 });
    async function* rows() {
      for (const email of ['new@example.com', 'old@example.com', 'refused@example.com', 'new@example.com']) {
        yield { email, firstName: 'F', lastName: 'L' };
      }
      yield 'not a row';
    }
    const progress = [];
    const bulk = await flow.registrants.createMany(rows(), { sessionToken: 'T35tT0K3n', concurrency: 1, onProgress: (p) => progress.push(p.done) });
    const report = await flow.reports.collect('registrants', { sessions: ['s1', 's2'] });
    const before = sent.length;
    const journal = await flow.registrants
      .createMany([{ email: 'j@example.com', firstName: 'J', lastName: 'L' }], { sessionToken: 'T35tT0K3n', journal: 'bulk.jsonl' })
      .catch((e) => `${e.name} ${e.field}: ${e.message}`);
    return {
      statuses: bulk.rows.map((r) => r.status),
      refused: bulk.rows[2].error instanceof api.UnprocessableEntityError,
      counts: [bulk.created, bulk.existing, bulk.failed, bulk.duplicate, bulk.invalid],
      progress,
      columns: report.columns,
      rows: report.rows,
      failures: report.failures.map((f) => [f.sessionToken, f.error instanceof api.InternalServerError, f.error.status]),
      journal,
      sentForJournal: sent.length - before,
    };
  });
  assert.deepEqual(result.statuses, ['created', 'existing', 'failed', 'duplicate', 'invalid']);
  assert.equal(result.refused, true);
  assert.deepEqual(result.counts, [1, 1, 1, 1, 1]);
  assert.deepEqual(result.progress, [1, 2, 3, 4, 5]);
  assert.deepEqual(result.columns, ['Session Token', 'Session Title', 'Email', 'Name']);
  assert.deepEqual(result.rows, [{ 'Session Token': 's1', 'Session Title': 'One', Email: 'a@x.co', Name: 'A' }]);
  assert.deepEqual(result.failures, [['s2', true, 500]]);
  assert.match(result.journal, /^InvalidRequestError journal: .*needs Node: a browser has no file to keep it in/);
  assert.equal(result.sentForJournal, 0);
});
