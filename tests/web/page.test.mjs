// page.test.mjs — the self-assessment page in a real browser: Debian's Chromium driven by
// playwright-core against `caremeter serve --http`. It fills the form for the README's person as
// a person would (labels, keyboard), checks the page shows the engine's figures (the requests the
// page sent are run again through `caremeter serve` and compared), checks the error summary, runs
// axe-core (no serious or critical violations), and keeps a screenshot in the test artifacts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { artifactsDir, serve, startHttp } from './support/caremeter.mjs';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');
const chromiumPath = process.env.CAREMETER_CHROMIUM ?? '/usr/bin/chromium';

let http;
let context;

before(async () => {
  assert.ok(existsSync(chromiumPath), `no browser at ${chromiumPath} (scripts/install-deps installs Debian's chromium)`);
  http = await startHttp();
  context = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), 'caremeter-chromium-')), {
    executablePath: chromiumPath,
    headless: true,
    args: ['--lang=en-GB', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
           '--disable-sync', '--no-first-run'],
    bypassCSP: true,  // so axe-core can be injected; the page itself runs under its own policy otherwise
    viewport: { width: 1000, height: 900 },
    locale: 'en-GB',
  });
  // The page talks to the service and nothing else.
  await context.route((url) => !url.href.startsWith(http.url), (route) => route.abort());
});

after(async () => {
  await context?.close();
  http?.child.kill('SIGTERM');
});

async function openPage() {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(http.url + '/');
  await page.locator('#scenario option[value="reform-2023-10"]').waitFor({ state: 'attached' });
  return { page, errors };
}

async function axeProblems(page) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

// The README's person: 79 on 30 September 2025, in a care home since 1 October 2023 at £700 a
// week, £250,000 in savings, no home, a State Pension of £221.20 a week.
async function fillReadmePerson(page) {
  await page.getByLabel('How old is the person who needs care?').fill('79');
  // Keyboard: focus the radio and choose it with the space bar, as a keyboard user would.
  await page.getByLabel('In a care home').focus();
  await page.keyboard.press('Space');
  await page.getByLabel('How much does the care cost each week?').fill('700');
  await page.getByLabel('When did the care start?').fill('2023-10-01');
  await page.getByLabel('How much do they have in savings and investments?').fill('£250,000');
  await page.getByRole('group', { name: 'Do they own their home?' }).getByLabel('No').check();
  await page.getByLabel('State Pension').fill('221.20');
  await page.getByLabel('If the cap on care costs came in, when would it start?').selectOption('reform-2023-10');
  await page.getByLabel('Work out the figures for').fill('2025-09-30');
}

const pounds = (a) => '£' + a.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const inWords = (iso) => { const [y, m, d] = iso.split('-').map(Number); return `${d} ${MONTHS[m - 1]} ${y}`; };

test('the page shows the engine\'s figures for the README\'s person', async () => {
  const { page, errors } = await openPage();
  assert.deepEqual(await axeProblems(page), [], 'the empty form');
  await fillReadmePerson(page);
  const sent = page.waitForRequest((r) => r.url().endsWith('/rpc') && r.method() === 'POST' && r.postData().includes('"now"'));
  await page.getByRole('button', { name: 'Work out the cost' }).focus();
  await page.keyboard.press('Enter');
  const batch = JSON.parse((await sent).postData());
  await page.locator('#results').waitFor({ state: 'visible' });
  // Focus moves to the answer, so a screen reader reads it next.
  assert.equal(await page.evaluate(() => document.activeElement.id), 'results-heading');

  // The same requests through `caremeter serve`: the page must show exactly these figures.
  const answers = serve(batch);
  const now = answers.get('now').result.account.current_weekly;
  const reform = answers.get('reform').result.account;
  assert.equal(await page.locator('#person-pays').textContent(), pounds(now.person_pays));
  assert.equal(await page.locator('#council-pays').textContent(), pounds(now.council_pays));
  // By hand: savings of £250,000 are above the upper limit, so the full £700 fee is theirs to pay
  // and the council pays nothing.
  assert.equal(now.person_pays, '700.00');
  assert.equal(now.council_pays, '0.00');
  const figures = await page.locator('#figures-list').textContent();
  assert.match(figures, /Weekly cost of the care£700\.00 a week/);
  assert.match(figures, /What the financial assessment says they can afford£700\.00 a week/);

  // Under reform-2023-10, by hand: £700 less £200 daily living costs = £500 a week counts from
  // 1 October 2023; 731 days to 30 September 2025 → 500 × 731 / 7 = £52,214.29; the £33,785.71
  // left at 500/7 a day takes 473 more days → 16 January 2027.
  const capText = await page.locator('#cap-summary').textContent();
  assert.equal(reform.accrued, '52214.29');
  assert.equal(reform.projected_cap_date, '2027-01-16');
  assert.match(capText, new RegExp(`${pounds(reform.accrued)} would count toward it by 30 September 2025, leaving ${pounds(reform.remaining)}`));
  assert.match(capText, /£500\.00 a week counting toward it, they would reach the cap on about 16 January 2027/);
  assert.equal(await page.locator('#cap-chart svg path').count(), 1);
  assert.equal(await page.locator('#cap-chart svg title').textContent(), 'Progress toward the cap on care costs');

  // Savings: the first day the engine's spend-down puts capital at or below each limit. By hand,
  // for the upper limit: from 30 September 2025 the savings pay what the pension does not after
  // the 2025/26 personal expenses allowance of £30.65: 700 − (221.20 − 30.65) = £509.45 a week;
  // (250,000 − 23,250) / (509.45 / 7) = 3,115.6 days, so capital is first at or below £23,250 on
  // the 3,116th day after: 12 April 2034 (with 250,000 − 3,116 × 509.45 / 7 = £23,221.97 left).
  const savings = answers.get('savings').result;
  const firstAtOrBelow = (limit) => savings.explain.find((e) => e.figure === 'tariff_income' &&
    Number(e.inputs.capital.replace('.', '')) <= Number(limit.replace('.', '')))?.from;
  const savingsText = await page.locator('#savings-list').textContent();
  assert.equal(firstAtOrBelow('23250.00'), '2034-04-12');
  assert.match(savingsText, /On 12 April 2034 their savings would fall to the upper limit of £23,250\.00: the council starts paying/);
  const lower = firstAtOrBelow('14250.00');
  assert.match(savingsText, lower ? new RegExp(`On ${inWords(lower)} their savings would fall to the lower limit of £14,250\\.00`)
                                  : /would not fall to the lower limit of £14,250\.00 within 15 years/);

  assert.deepEqual(await axeProblems(page), [], 'the page with results');
  await page.screenshot({ path: path.join(artifactsDir, 'page.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('answers left out are listed in an error summary that leads to each question', async () => {
  const { page, errors } = await openPage();
  await page.getByRole('button', { name: 'Work out the cost' }).click();
  const summary = page.locator('#error-summary');
  await summary.waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'error-summary');
  const links = summary.locator('a');
  assert.ok(await links.count() >= 5);
  await links.first().click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'age');
  assert.equal(await page.locator('#age').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#age').getAttribute('aria-describedby'), /age-error/);
  assert.deepEqual(await axeProblems(page), [], 'the page with errors');
  await page.screenshot({ path: path.join(artifactsDir, 'page-errors.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the home questions appear only for a home owner, and a home with a partner in it is not counted', async () => {
  const { page } = await openPage();
  assert.equal(await page.locator('#home-questions').isVisible(), false);
  await fillReadmePerson(page);
  await page.getByRole('group', { name: 'Do they own their home?' }).getByLabel('Yes').check();
  assert.equal(await page.locator('#home-questions').isVisible(), true);
  await page.getByLabel('What is the home worth?').fill('200000');
  await page.getByRole('group', { name: 'Does a partner or close relative still live in the home?' }).getByLabel('Yes').check();
  const sent = page.waitForRequest((r) => r.url().endsWith('/rpc') && r.postData().includes('"now"'));
  await page.getByRole('button', { name: 'Work out the cost' }).click();
  const batch = JSON.parse((await sent).postData());
  await page.locator('#results').waitFor({ state: 'visible' });
  assert.deepEqual(batch[0].params.person.finances[0].home, { value: '200000', qualifying_relative_lives_there: true });
  const now = serve(batch).get('now').result.account.current_weekly;
  assert.equal(await page.locator('#person-pays').textContent(), pounds(now.person_pays));
  await page.close();
});
