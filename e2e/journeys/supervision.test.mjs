// Supervision end to end: the supervisor replaces an agreement and records a session
// (first with a bad length), the supervisee confirms it, and the dashboards change.
// Every page visited is checked by axe-core.
import assert from 'node:assert/strict';
import { journey, USERS } from '../lib/harness.mjs';

journey('an agreement, a recorded session, the supervisee\'s confirmation and the dashboard', async ({ signedIn }) => {
  const pat = await signedIn(USERS.practitioner);
  await pat.clickLink('My supervision');
  const recordPath = new URL(pat.page.url()).pathname;
  assert.match(recordPath, /^\/practitioners\/\d+\/supervision$/);

  const sam = await signedIn(USERS.supervisor);
  await sam.clickLink('My supervisees');
  assert.ok((await sam.rowLinks()).includes(recordPath), 'Pat is one of Sam\'s supervisees');
  await sam.visit(recordPath);
  await sam.clickLink('Replace the agreement');
  await sam.page.getByLabel('Days between sessions (optional)').fill('21');
  await sam.submit('Save agreement', 422);
  const errors = await sam.errorSummary();
  assert.ok(errors.some((e) => /why the interval differs/i.test(e)), errors.join(' | '));
  await sam.page.getByLabel('Why the interval differs from the rule').fill('Returning from leave');
  await sam.submit('Save agreement', 422);
  assert.deepEqual(await sam.errorSummary(), ['Select an AMHP supervisor for this AMHP'], 'Pat holds an AMHP approval');
  const amhpSupervisor = sam.page.getByLabel('AMHP supervisor (for an AMHP)');
  const sams = (await amhpSupervisor.locator('option').allInnerTexts()).find((o) => o.startsWith('Sam '));
  await amhpSupervisor.selectOption({ label: sams });
  await sam.submit('Save agreement');
  assert.match(await sam.mainText(), /The agreement is saved/);
  assert.match(await sam.mainText(), /21 days: Returning from leave/);

  await sam.clickLink('Record or plan a session');
  await sam.page.getByLabel('Has it taken place?').selectOption('held');
  await sam.page.getByLabel('Length in minutes (if held)').fill('0');
  await sam.submit('Save session', 422);
  assert.ok((await sam.errorSummary()).some((e) => /length/i.test(e)));
  await sam.page.getByLabel('Length in minutes (if held)').fill('90');
  await sam.page.getByLabel('Notes (optional)').fill('Reflected on a Mental Health Act assessment');
  await sam.submit('Save session');
  const sessionPath = new URL(sam.page.url()).pathname;
  assert.match(sessionPath, /^\/supervision\/sessions\/\d+$/);
  assert.match(await sam.mainText(), /Not yet confirmed/);

  // Pat acknowledges the new agreement, reads the notes and confirms the record.
  await pat.visit(recordPath);
  await pat.submit('Acknowledge this agreement');
  assert.match(await pat.mainText(), /You have acknowledged the agreement/);
  await pat.visit(sessionPath);
  assert.match(await pat.mainText(), /Reflected on a Mental Health Act assessment/);
  await pat.page.getByLabel('Comment (optional)').fill('A fair record');
  await pat.submit('Confirm the record');
  assert.match(await pat.mainText(), /Confirmed \d{1,2} [A-Z][a-z]+ \d{4}/);
  assert.match(await pat.mainText(), /A fair record/);

  // The principal social worker sees the session but not its notes, and Pat in date.
  const psw = await signedIn(USERS.psw);
  await psw.visit(sessionPath);
  assert.doesNotMatch(await psw.mainText(), /Mental Health Act assessment/);
  await psw.clickLink('Supervision');
  assert.match(await psw.mainText(), /those who need action first/);
  // Sam's own list is short enough to hold Pat on its first page.
  await sam.visit('/supervision?mine=true');
  const row = sam.page.locator('main tbody tr', { has: sam.page.locator(`a[href="${recordPath}"]`) });
  assert.match(await row.innerText(), /In date/);
});
