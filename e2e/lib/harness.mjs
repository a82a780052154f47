// Browser test harness for mhsw: starts the binary on a fresh demo database, drives Debian's
// Chromium through playwright-core, and runs axe-core on every page a journey visits,
// failing the test on any WCAG 2.2 A or AA violation.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import assert from 'node:assert/strict';
import { test, after } from 'node:test';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const E2E_DIR = resolve(import.meta.dirname, '..');
/** The mhsw binary: MHSW_BIN, relative to e2e/ if not absolute. */
export const BIN = resolve(E2E_DIR, process.env.MHSW_BIN ?? '../target/debug/mhsw');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const PASSWORD = 'demo-password-2026';

/**
 * The day every journey runs on: E2E_TODAY (YYYY-MM-DD) when set, else a fixed day. The demo
 * is built around it and serves as if it were today (`mhsw demo --today`), so no journey
 * depends on the day it runs.
 */
export const TODAY = process.env.E2E_TODAY ?? '2026-10-14';

/** TODAY moved by a number of days, as YYYY-MM-DD. */
export function daysFromToday(days) {
  return new Date(Date.parse(`${TODAY}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
export const USERS = {
  practitioner: 'practitioner@northshire.example.nhs.uk',
  supervisor: 'supervisor@northshire.example.nhs.uk',
  teamManager: 'team.manager@northshire.example.nhs.uk',
  psw: 'psw@northshire.example.nhs.uk',
  workforce: 'workforce@northshire.example.nhs.uk',
  admin: 'admin@northshire.example.nhs.uk',
  dpo: 'dpo@northshire.example.nhs.uk',
  councilPsw: 'psw@northshire-council.example.gov.uk',
  harbourAdmin: 'admin@harbourhouse.example.org.uk',
  analyst: 'analyst@workforce.example.nhs.uk',
  cityAdmin: 'admin@eastbridge.example.gov.uk',
};

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** A journey that takes longer than this has hung (a healthy one takes seconds). */
const JOURNEY_TIMEOUT_MS = 180_000;

/** The line `mhsw serve` and `mhsw demo` print once the listener is bound. */
const SERVING = /mhsw is serving at (http:\/\/[^/\s]+)\//;

/**
 * The child's environment. mhsw reads every MHSW_ variable as configuration and rejects
 * unknown keys (MHSW_BIN would stop it starting), and a developer's own settings such as
 * MHSW_SERVER__TLS would change cookie behaviour, so only MHSW_LOG is kept.
 */
function childEnv() {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MHSW_')));
  env.MHSW_LOG = process.env.MHSW_LOG ?? 'warn';
  return env;
}

/**
 * Starts `mhsw demo` on a fresh SQLite database in a new temporary directory, bound to port 0,
 * and resolves once it prints the address it is serving at (it binds before printing, so the
 * port is accepting connections by then: no polling). Returns { base, output(), stop() }.
 */
export async function startServer({ port = 0, config = null } = {}) {
  assert.ok(existsSync(BIN), `mhsw binary not found at ${BIN}: run \`cargo build\` or set MHSW_BIN`);
  const dir = mkdtempSync(join(tmpdir(), 'mhsw-e2e-'));
  const configArgs = [];
  if (config) {
    writeFileSync(join(dir, 'mhsw.toml'), config);
    configArgs.push('--config', join(dir, 'mhsw.toml'));
  }
  const child = spawn(BIN, ['demo', ...configArgs, '--database-url', `sqlite://${dir}/e2e.db`, '--bind', `127.0.0.1:${port}`, '--today', TODAY], {
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // However the test run ends, the server does not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  let out = '';
  let exited = null;
  const exit = new Promise((ok) => child.on('exit', (code, signal) => { exited = { code, signal }; ok(); }));
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  const base = await new Promise((ok, fail) => {
    const onData = (d) => {
      out += d;
      const m = SERVING.exec(out);
      if (m) ok(m[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', fail);
    exit.then(() => fail(new Error(`mhsw demo exited before serving (${JSON.stringify(exited)}):\n${out}`)));
  }).catch((e) => { cleanUp(); throw e; });
  return {
    base,
    output: () => out,
    /** How the server ended, if it has: { code, signal }. */
    exitStatus: () => exited,
    async stop() {
      if (!exited) {
        child.kill('SIGINT');
        await exit;
      }
      process.off('exit', killOnExit);
      cleanUp();
    },
  };
}

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Runs axe (WCAG 2.2 A and AA) on the page as it is now and fails on any violation. */
export async function checkA11y(page, label) {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const problems = results.violations.map((v) =>
    `  ${v.id} (${v.impact}): ${v.help}\n    ${v.helpUrl}\n` +
    v.nodes.map((n) => `    - ${n.target.join(' ')}`).join('\n'));
  if (problems.length) {
    assert.fail(`axe found ${problems.length} violation(s) on ${label} (${page.url()}):\n${problems.join('\n')}`);
  }
  await checkTablesFit(page, label);
  return results;
}

/**
 * At desktop width every table fits its page: a scroll region (and its grey shadow over
 * the last column) is for narrow screens only.
 */
export async function checkTablesFit(page, label) {
  const width = page.viewportSize()?.width ?? 0;
  if (width < 1000) return;
  const wide = await page.$$eval('.nhsuk-scroll__content', (els) => els
    .filter((e) => e.scrollWidth > e.clientWidth)
    .map((e) => `${e.getAttribute('aria-labelledby')}: ${e.scrollWidth} px in ${e.clientWidth} px`));
  assert.deepEqual(wide, [], `tables wider than the page at ${width} px on ${label} (${page.url()})`);
}

/**
 * Runs `action` (a click or a form submission) and waits for the page it leads to, after
 * any redirects, to load. Asserts the final HTTP status and returns the response.
 */
export async function follow(page, action, expectedStatus = 200) {
  const main = page.mainFrame();
  const response = page.waitForResponse((r) => r.frame() === main && r.request().isNavigationRequest()
    && !(r.status() >= 300 && r.status() < 400));
  const committed = page.waitForEvent('framenavigated', (f) => f === main);
  await action();
  const [res] = await Promise.all([response, committed]);
  await page.waitForLoadState('load');
  if (res.status() !== expectedStatus) {
    // Say why: an unexpected error summary is the usual cause.
    const summary = await page.locator('.nhsuk-error-summary').allInnerTexts();
    assert.equal(res.status(), expectedStatus,
      `${res.request().method()} ${res.url()}: status${summary.length ? `; the page says: ${summary.join(' ')}` : ''}`);
  }
  return res;
}

/** A person using the service in their own browser context (fresh cookies). */
export class Person {
  constructor(context, page, base, { scripts = true } = {}) {
    this.context = context;
    this.page = page;
    this.base = base;
    this.scripts = scripts;
  }

  /**
   * Runs axe on the page a navigation led to. axe runs as a script in the page, which a
   * context without JavaScript cannot do, so for such a person the HTML the server sent is
   * checked in a scripting context with every <script> removed: the same markup the person
   * sees, rendered as it is without JavaScript.
   */
  async checkA11y(response, label) {
    if (this.scripts) return checkA11y(this.page, label);
    const html = (await response.text()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
    const checker = await this.context.browser().newContext();
    try {
      const page = await checker.newPage();
      await page.route(response.url(), (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
      await page.route('**/*.js', (route) => route.abort());
      await page.goto(response.url());
      return await checkA11y(page, `${label} (without JavaScript)`);
    } finally {
      await checker.close();
    }
  }

  url(path) { return new URL(path, this.base).href; }

  /**
   * Types a date into the NHS date input whose legend is `legend` (a string or RegExp), as a
   * person would: day, month and year in their own fields. `iso` is "2026-10-14" (typed as
   * 14, 10, 2026), "" to empty the fields, or any other text, which goes into Day as typed.
   */
  /** The date in the NHS date input whose legend is `legend`, as ISO text ("2026-10-14"). */
  async dateValue(legend) {
    const group = this.page.getByRole('group', { name: legend, exact: typeof legend === 'string' });
    const part = (name) => group.getByLabel(name, { exact: true }).inputValue();
    const [day, month, year] = [await part('Day'), await part('Month'), await part('Year')];
    return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  }

  async fillDate(legend, iso) {
    const group = this.page.getByRole('group', { name: legend, exact: typeof legend === 'string' });
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    const [day, month, year] = m ? [String(+m[3]), String(+m[2]), m[1]] : [iso, '', ''];
    await group.getByLabel('Day', { exact: true }).fill(day);
    await group.getByLabel('Month', { exact: true }).fill(month);
    await group.getByLabel('Year', { exact: true }).fill(year);
  }

  /** Goes to `path`, checks the status and runs axe. */
  async visit(path, expectedStatus = 200) {
    const res = await this.page.goto(path);
    assert.equal(res.status(), expectedStatus, `GET ${path}: status`);
    await this.checkA11y(res, `${path} (${expectedStatus})`);
    return res;
  }

  /** Clicks `locator`, waits for the next page, checks its status and runs axe. */
  async click(locator, expectedStatus = 200, label = undefined) {
    const res = await follow(this.page, () => locator.click(), expectedStatus);
    await this.checkA11y(res, label ?? `after clicking to ${new URL(res.url()).pathname}`);
    return res;
  }

  /**
   * Clicks the visible link with this accessible name. A navigation item that does not fit
   * the header's width sits under its "More" button (nhsuk-frontend's header script), so
   * open that first, as a person would.
   */
  async clickLink(name, expectedStatus = 200) {
    const links = this.page.getByRole('link', { name, exact: typeof name === 'string' });
    const more = this.page.locator('.nhsuk-header__menu-toggle');
    if (await links.filter({ visible: true }).count() === 0 && await more.isVisible()) {
      await more.click();
    }
    return this.click(links.filter({ visible: true }).first(), expectedStatus);
  }

  /** Submits a form with the button of this name. */
  submit(name, expectedStatus = 200) {
    return this.click(this.page.getByRole('button', { name, exact: true }), expectedStatus, `after "${name}"`);
  }

  /** Signs in through the form, like a person, and lands on the home page. */
  async signIn(email, password = PASSWORD) {
    await this.visit('/sign-in');
    await this.page.getByLabel('Email address').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.submit('Sign in');
    assert.equal(this.page.url(), this.url('/'));
    await this.page.getByRole('heading', { level: 1, name: /^Welcome, / }).waitFor();
  }

  /** Signs out with the header button. */
  async signOut() {
    await this.submit('Sign out');
    assert.equal(this.page.url(), this.url('/sign-in'));
  }

  /** The hrefs of the header navigation, in order. */
  navLinks() {
    return this.page.getByRole('navigation', { name: 'Menu' }).getByRole('link')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  }

  /** The page's h1 text. */
  heading() { return this.page.getByRole('heading', { level: 1 }).innerText(); }

  /** The main content's text. */
  mainText() { return this.page.locator('main').innerText(); }

  /** The text of the first table caption in main, such as "12 practitioners, showing 1 to 10". */
  caption() { return this.page.locator('main caption').first().innerText(); }

  /** Hrefs of the links in the first column of the main table. */
  rowLinks() {
    return this.page.locator('main table tbody tr td:first-child a')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  }

  /** The error summary's messages; fails unless the page shows one. */
  async errorSummary() {
    const summary = this.page.locator('.nhsuk-error-summary');
    await summary.waitFor();
    assert.equal((await summary.getByRole('heading').innerText()).trim(), 'There is a problem');
    assert.match(await this.page.title(), /^Error: /);
    return (await summary.locator('li').allInnerTexts()).map((t) => t.trim());
  }

  close() { return this.context.close(); }
}

/**
 * A port free on loopback now, for a server whose address must be known before it starts
 * (an identity provider's registered redirect URI names it).
 */
export function freePort() {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.on('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => ok(port));
    });
  });
}

/**
 * Declares a test that gets its own server (fresh demo database) and a `person()` factory
 * for signed-out browser contexts, all closed when the test ends. The browser is shared.
 */
export function journey(name, fn, serverOptions = {}) {
  test(name, { timeout: JOURNEY_TIMEOUT_MS }, async (t) => {
    const browser = await sharedBrowser();
    const server = await startServer(serverOptions);
    const contexts = [];
    const person = async (options = {}) => {
      const context = await browser.newContext({ baseURL: server.base, ...options });
      contexts.push(context);
      return new Person(context, await context.newPage(), server.base, { scripts: options.javaScriptEnabled !== false });
    };
    const signedIn = async (email, options) => {
      const p = await person(options);
      await p.signIn(email);
      return p;
    };
    try {
      await fn({ t, server, person, signedIn });
    } catch (e) {
      const errors = server.output().split('\n').filter((l) => /"level":"(ERROR|WARN)"/.test(l));
      if (errors.length) t.diagnostic(`server warnings and errors:\n${errors.join('\n')}`);
      const ended = server.exitStatus();
      if (ended) {
        const tail = server.output().split('\n').slice(-20).join('\n');
        t.diagnostic(`the server had stopped (${JSON.stringify(ended)}); its last output:\n${tail}`);
      }
      throw e;
    } finally {
      for (const c of contexts) await c.close();
      await server.stop();
    }
  });
}

let browserPromise = null;
/** One Chromium per test file, closed when the file's tests finish. */
function sharedBrowser() {
  browserPromise ??= launchBrowser();
  return browserPromise;
}

async function closeBrowser() {
  if (browserPromise) {
    const b = await browserPromise;
    browserPromise = null;
    await b.close();
  }
}

// Every test file that declares journeys closes its browser when its tests are done.
after(closeBrowser);
