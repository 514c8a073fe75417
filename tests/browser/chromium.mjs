// What the Chromium tests share: the system Chromium (installed with apt when missing) launched
// headless through playwright-core, and a loopback server for the package's browser files.

import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import { chromium } from 'playwright-core';

const ROOT = new URL('../../', import.meta.url);
const CHROMIUM = '/usr/bin/chromium';
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.json': 'application/json' };

/** Headless Chromium; `args` adds to the flags that keep it quiet and sandbox-free in containers. */
export function launchChromium(args = []) {
  if (!existsSync(CHROMIUM)) {
    const prefix = process.getuid?.() === 0 ? ['env'] : ['sudo', 'env'];
    const apt = (...rest) => {
      const [command, ...more] = [...prefix, 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...rest];
      execFileSync(command, more, { stdio: 'inherit' });
    };
    apt('update', '-q');
    apt('install', '-y', '-q', 'chromium');
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', ...args],
  });
}

/**
 * A server on a free loopback port for an empty page at `/` and the package's browser files
 * (`/js/*`, `/pkg/web/*`); `route(req, res, path)` answers anything else (return true when it did).
 * Resolves to `{ origin, hits, close() }`, `hits` listing `METHOD /path` of every request.
 */
export async function servePackage(route = () => false) {
  const hits = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    hits.push(`${req.method} ${path}`);
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<!doctype html><title>flow-api</title>');
    }
    if (/^\/(js|pkg\/web)\/[\w.-]+$/.test(path) && existsSync(new URL(`.${path}`, ROOT))) {
      res.writeHead(200, { 'content-type': TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream' });
      return res.end(readFileSync(new URL(`.${path}`, ROOT)));
    }
    if (route(req, res, path)) return;
    res.writeHead(404);
    res.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    hits,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Opens the page at `origin` and runs `body` in it; a page error fails the run. */
export async function inPage(browser, origin, body) {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  try {
    await page.goto(`${origin}/`);
    const result = await page.evaluate(body);
    if (problems.length) throw new Error(problems.join('\n'));
    return result;
  } finally {
    await page.close();
  }
}
