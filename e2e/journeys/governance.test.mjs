// The governance report: a principal social worker opens it from the navigation, asks for a
// range the wrong way round (refused, naming the field), then a real range; the chart has a
// table beside it and the files download. Every page visited is checked by axe-core.
import assert from 'node:assert/strict';
import { journey, USERS } from '../lib/harness.mjs';

journey('a principal social worker reads the governance report for a chosen range', async ({ signedIn }) => {
  const psw = await signedIn(USERS.psw);
  await psw.clickLink('Governance');
  assert.match(await psw.heading(), /Governance report/);
  assert.equal(await psw.page.locator('main svg[role="img"] title').count(), 1);
  assert.match(await psw.mainText(), /People in date on the last day of each month/);

  await psw.fillDate('From', '2026-06-30');
  await psw.fillDate('To', '2026-01-01');
  await psw.submit('Show the report', 422);
  assert.ok((await psw.errorSummary()).some((e) => /start date must be on or before/.test(e)));

  await psw.fillDate('From', '2026-01-01');
  await psw.fillDate('To', '2026-06-30');
  await psw.submit('Show the report');
  assert.match(await psw.mainText(), /From 1 January 2026 to 30 June 2026/);
  assert.match(await psw.mainText(), /Supervisees per supervisor/);

  for (const [name, type] of [['CSV', /text\/csv/], ['spreadsheet (XLSX)', /spreadsheetml/]]) {
    const href = await psw.page.getByRole('link', { name }).getAttribute('href');
    const res = await psw.page.request.get(psw.url(href));
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'], type);
  }

  // The report counts its long lists and links to them, a page at a time, with its range.
  const overdue = await psw.page.locator('main a[href^="/governance/overdue?"]').count();
  if (overdue) {
    await psw.clickLink('See who is overdue or not yet supervised');
    assert.match(psw.page.url(), /from=2026-01-01&to=2026-06-30/);
  } else {
    await psw.visit('/governance/overdue?from=2026-01-01&to=2026-06-30');
  }
  assert.match(await psw.heading(), /Overdue or not yet supervised on 30 June 2026/);
  await psw.visit('/governance/unconfirmed');
  assert.match(await psw.heading(), /Records not yet confirmed by the supervisee/);
  await psw.visit('/governance/overdue?from=nonsense', 422);
});
