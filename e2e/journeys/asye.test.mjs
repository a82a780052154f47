// The ASYE end to end: the principal social worker opens the cohort, the assessor records a
// 3-month review (first without an outcome) and an evidence item and signs it off, the NQSW
// (without JavaScript) logs protected time (first with negative hours) and sees their
// progress, and the cohort shows them. Every page visited is checked by axe-core.
import assert from 'node:assert/strict';
import { journey, USERS, PASSWORD } from '../lib/harness.mjs';

journey('the assessor\'s review and evidence, the NQSW\'s protected time and the PSW\'s cohort', async ({ signedIn }) => {
  const psw = await signedIn(USERS.psw);
  await psw.clickLink('ASYE cohort');
  assert.match(await psw.heading(), /ASYE cohort/);
  assert.match(await psw.mainText(), /Review overdue/);
  const programmes = await psw.rowLinks();
  assert.ok(programmes.length >= 3, `the demo has NQSWs: ${programmes}`);
  const programmePath = programmes[0];
  assert.match(programmePath, /^\/practitioners\/\d+\/asye$/);
  const practitionerId = programmePath.split('/')[2];

  // The organisation's admin gives the NQSW a sign-in linked to their record.
  const admin = await signedIn(USERS.admin);
  await admin.visit('/users/new');
  await admin.page.getByLabel('Name', { exact: true }).fill('Nia Newly');
  await admin.page.getByLabel('Work email address').fill('nqsw@northshire.example.nhs.uk');
  await admin.page.getByLabel('Practitioner', { exact: true }).check();
  await admin.page.getByLabel('Practitioner record number (optional)').fill(practitionerId);
  await admin.page.getByLabel('Yes').check();
  await admin.page.getByLabel('First password (optional)').fill(PASSWORD);
  await admin.submit('Save user');

  // The assessor (the demo supervisor) records the 3-month review and an observation.
  const sam = await signedIn(USERS.supervisor);
  await sam.clickLink('ASYE cohort');
  assert.ok((await sam.rowLinks()).includes(programmePath), 'Sam assesses this NQSW');
  await sam.visit(programmePath);
  await sam.clickLink('Record a review');
  await sam.page.getByLabel('3-month review').check();
  await sam.submit('Save the review', 422);
  assert.ok((await sam.errorSummary()).some((e) => /outcome/i.test(e)));
  await sam.page.getByLabel('Progressing as expected').check();
  await sam.page.getByLabel('Notes (optional)').fill('Settling in well');
  await sam.submit('Save the review');
  assert.match(await sam.mainText(), /The review is recorded/);
  assert.match(await sam.mainText(), /Settling in well/);
  await sam.clickLink('Add evidence');
  await sam.page.getByLabel('Kind of evidence').selectOption('direct_observation');
  await sam.page.getByLabel('Title').fill('Observed a carer\'s assessment');
  await sam.submit('Add evidence');
  assert.match(await sam.mainText(), /The evidence is added/);
  await sam.submit('Sign off Observed a carer\'s assessment');
  assert.match(await sam.mainText(), /The evidence is signed off/);

  // The NQSW, without JavaScript, logs protected time and sees their progress.
  const nia = await signedIn('nqsw@northshire.example.nhs.uk', { javaScriptEnabled: false });
  await nia.clickLink('My ASYE');
  assert.equal(new URL(nia.page.url()).pathname, programmePath);
  assert.match(await nia.mainText(), /Observed a carer's assessment/);
  await nia.clickLink('Log protected time');
  await nia.page.getByLabel('Hours').fill('-1');
  await nia.submit('Log protected time', 422);
  assert.ok((await nia.errorSummary()).some((e) => /Hours must be a number more than 0/.test(e)));
  await nia.page.getByLabel('Hours').fill('3.5');
  await nia.page.getByLabel('What was it used for? (optional)').fill('Reading for a critical reflection');
  await nia.submit('Log protected time');
  assert.match(await nia.mainText(), /The protected time is logged/);
  assert.match(await nia.mainText(), /Reading for a critical reflection/);
  assert.match(await nia.mainText(), /hours logged of [\d.]+ expected by now/);
  assert.doesNotMatch(await nia.mainText(), /Record a review/);

  // The cohort shows the NQSW with their assessor.
  await psw.visit('/asye');
  const row = psw.page.locator('main tbody tr', { has: psw.page.locator(`a[href="${programmePath}"]`) });
  assert.match(await row.innerText(), /Sam Supervisor/);

  // Each status's count links to those people, a page at a time.
  await psw.clickLink('See who with the status on track');
  assert.match(psw.page.url(), /status=on_track/);
  assert.match(await psw.page.locator('main caption').innerText(), /^On track: /);
  await psw.visit('/asye?status=everyone', 422);
});
