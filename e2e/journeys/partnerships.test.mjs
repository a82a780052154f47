// A partnership agreement is proposed by one party's admin and takes effect when the other
// party's admin accepts it; the board then sees its own staff and the council's side by
// side in the governance report, filtered by employer. Without JavaScript; axe on every page.
import assert from 'node:assert/strict';
import { journey, USERS, daysFromToday } from '../lib/harness.mjs';

journey('a trust admin proposes an agreement, the council admin accepts it and the PSW filters the governance report by employer', async ({ signedIn }) => {
  const admin = await signedIn(USERS.admin, { javaScriptEnabled: false });
  await admin.visit('/partnerships');
  await admin.clickLink('Propose an agreement');
  await admin.submit('Propose the agreement', 422);
  const problems = await admin.errorSummary();
  assert.ok(problems.includes('Select the type of agreement'), problems.join('; '));

  await admin.page.getByLabel('Type of agreement').selectOption({ label: 'Section 75 agreement' });
  await admin.page.getByLabel('Employer', { exact: true }).selectOption({ label: 'Eastbridge City Council' });
  await admin.page.getByLabel('Host or partner').selectOption({ label: 'Northshire Mental Health NHS Foundation Trust' });
  await admin.fillDate('Start date', daysFromToday(30));
  await admin.fillDate('Review date (optional)', daysFromToday(395));
  await admin.page.getByLabel('Memorandum of understanding reference (optional)').fill('ECC-NMH-S75-2027');
  await admin.page.getByLabel('Statutory functions delegated (optional)').fill('Care Act 2014 assessments for adults in secondary mental health services');
  await admin.submit('Propose the agreement', 422);
  assert.deepEqual(await admin.errorSummary(), ['Enter who keeps oversight of the delegated functions']);
  await admin.page.getByLabel('Who keeps oversight of the delegated functions').fill('Director of Adult Social Services, Eastbridge City Council');
  await admin.page.getByLabel('Lead on fitness to practise matters (optional)').fill('Principal Social Worker, Eastbridge City Council');
  await admin.submit('Propose the agreement');
  assert.match(admin.page.url(), /\/partnerships\/\d+$/);
  const proposal = admin.page.url();
  assert.match(await admin.mainText(), /Waiting for the other party/);
  assert.match(await admin.mainText(), /It has no effect until the other party's organisation admin accepts it/);
  assert.equal(await admin.page.getByRole('button', { name: 'Accept the agreement' }).count(), 0, 'the proposer cannot accept');

  // The council's admin is told on the home page, opens the same record and accepts it.
  const city = await signedIn(USERS.cityAdmin, { javaScriptEnabled: false });
  await city.visit('/');
  await city.clickLink(/partnership agreement is waiting for your organisation to accept or decline it/);
  assert.match(await city.mainText(), /Waiting for your answer/);
  await city.clickLink('Section 75 agreement');
  assert.equal(city.page.url(), proposal, 'both parties see the same record');
  assert.match(await city.mainText(), /ECC-NMH-S75-2027/);
  await city.submit('Accept the agreement');
  assert.match(await city.mainText(), /In force/);
  assert.match(await city.mainText(), /Accepted by Ellis Eastbridge/);

  // The trust's PSW sees the council's staff and the trust's side by side, then the council's alone.
  const psw = await signedIn(USERS.psw, { javaScriptEnabled: false });
  await psw.visit('/governance');
  const byEmployer = psw.page.locator('main table:has(caption#by-employer) tbody tr');
  const employers = await byEmployer.allInnerTexts();
  assert.ok(employers.some((r) => r.startsWith('Eastbridge City Council')), employers.join(' | '));
  assert.ok(employers.some((r) => r.startsWith('Northshire Mental Health NHS Foundation Trust')), employers.join(' | '));
  await psw.page.locator('main summary', { hasText: 'Filter by team' }).click();
  await psw.page.getByLabel('Employer', { exact: true }).selectOption({ label: 'Eastbridge City Council' });
  await psw.submit('Apply filters');
  assert.match(psw.page.url(), /employer_id=\d+/);
  const filtered = await byEmployer.allInnerTexts();
  assert.equal(filtered.length, 1, filtered.join(' | '));
  assert.match(filtered[0], /^Eastbridge City Council/);
  await psw.visit('/partnerships');
  assert.match(await psw.mainText(), /ECC-NMH-S75-2027/);
  assert.equal(await psw.page.getByRole('link', { name: 'Propose an agreement' }).count(), 0, 'only the admin proposes');
});
