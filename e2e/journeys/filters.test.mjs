// Every list of people filters by team, employer, career stage and registration status, in
// the address so a filtered list can be shared; the home page's counts lead to the filtered
// list; the figures a page shows agree with the others'. Without JavaScript; axe on every page.
import assert from 'node:assert/strict';
import { journey, USERS } from '../lib/harness.mjs';

/** The count in a summary list row whose key is `key`. */
async function summaryValue(person, key) {
  const row = person.page.locator('main .nhsuk-summary-list__row', { has: person.page.locator('dt', { hasText: new RegExp(`^${key}$`) }) });
  return Number((await row.locator('dd').first().innerText()).trim());
}

journey('a principal social worker filters each list of people and follows the home page to a filtered list', async ({ signedIn }) => {
  const psw = await signedIn(USERS.psw, { javaScriptEnabled: false });
  await psw.visit('/supervision');
  const everyone = await summaryValue(psw, 'People');
  await psw.page.locator('main summary', { hasText: 'Filter by team' }).click();
  await psw.page.getByLabel('Career stage').selectOption({ label: 'Newly qualified (ASYE)' });
  await psw.submit('Apply filters');
  assert.match(psw.page.url(), /career_stage=asye/);
  const newlyQualified = await summaryValue(psw, 'People');
  assert.ok(newlyQualified > 0 && newlyQualified < everyone, `${newlyQualified} of ${everyone}`);
  const stages = await psw.page.locator('main tbody tr').allInnerTexts();
  assert.ok(stages.every((r) => /Newly qualified \(ASYE\)/.test(r)), 'only newly qualified people are listed');

  // The same people on the ASYE cohort and the governance report's career stage row.
  await psw.visit('/governance');
  const row = psw.page.locator('main table#by-stage tr, main table:has(caption#by-stage) tr', { hasText: 'Newly qualified (ASYE)' }).first();
  assert.equal(Number((await row.locator('td').nth(1).innerText()).trim()), newlyQualified);

  // Registration status, kept through paging; clearing the filters brings everyone back.
  await psw.visit('/registration');
  await psw.page.locator('main summary', { hasText: 'Filter by team' }).click();
  await psw.page.getByLabel('Registration', { exact: true }).selectOption({ label: 'Registered' });
  await psw.submit('Apply filters');
  const registered = await summaryValue(psw, 'People');
  assert.equal(await summaryValue(psw, 'Registered'), registered);
  await psw.clickLink('Clear filters');
  assert.equal(await summaryValue(psw, 'People'), everyone);

  // CPD readiness is counted over registered social workers, and says who is not registered.
  await psw.visit('/cpd/readiness');
  const ready = await summaryValue(psw, 'Ready');
  const notReady = await summaryValue(psw, 'Not ready yet');
  assert.equal(ready + notReady, await summaryValue(psw, 'Registered social workers'));

  // Home: a count is a link to the list it counts.
  await psw.visit('/');
  const overdue = psw.page.locator('main a', { hasText: /people are overdue for supervision|person is overdue for supervision/ });
  const count = Number(await overdue.locator('strong').innerText());
  await psw.click(overdue);
  assert.equal(await summaryValue(psw, 'Overdue for supervision'), count);
});

journey('a team manager filters by employer and a bad filter is named', async ({ signedIn }) => {
  const tm = await signedIn(USERS.teamManager, { javaScriptEnabled: false });
  await tm.visit('/practitioners');
  await tm.page.locator('main summary').click();
  const employers = await tm.page.getByLabel('Employer').locator('option').allInnerTexts();
  assert.ok(employers.length >= 2, `a choice of employers: ${employers}`);
  await tm.page.getByLabel('Employer').selectOption({ index: 1 });
  await tm.submit('Apply');
  assert.match(tm.page.url(), /employer_id=\d+/);
  await tm.visit('/supervision?team_id=abc', 422);
  assert.match(await tm.mainText(), /Choose a team from the list/);
});
