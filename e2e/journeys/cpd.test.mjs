// The CPD e-portfolio end to end: the practitioner (without JavaScript) sees they are not
// ready, is told what is missing when they submit an empty record, writes a record with a
// peer reflection, sees their readiness turn green, shares it and exports the year; their
// supervisor (named in their agreement) reads the shared record; the principal social
// worker sees counts only; a held session becomes a CPD draft. Every page is checked by axe.
import assert from 'node:assert/strict';
import { daysFromToday, journey, TODAY, USERS } from '../lib/harness.mjs';

const today = TODAY;

journey('a practitioner writes CPD, readiness turns green, and managers see counts only', async ({ signedIn }) => {
  const pat = await signedIn(USERS.practitioner, { javaScriptEnabled: false });
  assert.match(await pat.mainText(), /Not ready yet/, 'the home card says where Pat stands');
  await pat.clickLink('Your record');
  const patId = new URL(pat.page.url()).pathname.split('/').pop();
  await pat.visit('/');
  await pat.clickLink('My CPD');
  assert.match(await pat.mainText(), /Not ready yet/);
  assert.match(await pat.mainText(), /Add a peer reflection to 1 submitted record/);

  // Submitting an empty record: the summary names what SWE's form needs.
  await pat.clickLink('Add a CPD record');
  await pat.submit('Submit the record', 422);
  const errors = await pat.errorSummary();
  assert.ok(errors.some((e) => /Select the type of CPD/.test(e)), errors.join(' | '));
  assert.ok(errors.some((e) => /Enter the date of the activity/.test(e)), errors.join(' | '));
  assert.ok(errors.some((e) => /Enter what you learnt/.test(e)), errors.join(' | '));

  const p = pat.page;
  await p.getByLabel('Type of CPD').selectOption('peer_learning');
  await p.getByLabel('Describe the activity and why it is relevant to your practice').fill('Community of practice on working with families in crisis');
  await pat.fillDate('Date of the activity', today);
  await p.getByLabel('What did you learn?').fill('Ways to keep families informed during a Mental Health Act assessment');
  await p.getByLabel(/What positive impact has it had/).fill('I now call the nearest relative before and after the assessment');
  await p.getByLabel('Who did you discuss it with?').selectOption('registered_social_worker');
  await p.getByLabel(/Describe what you have learnt from discussing/).fill('A colleague showed me how she explains the process to children in the family');
  await p.getByLabel('4.6 Reflection').check();
  await pat.submit('Submit the record');
  assert.match(await pat.mainText(), /The record is saved and submitted/);

  await pat.submit('Share with my supervisors');
  assert.match(await pat.mainText(), /The record is shared/);
  await pat.clickLink('Back to the portfolio');
  assert.match(await pat.mainText(), /Ready for renewal/);

  await pat.clickLink('Export for Social Work England');
  assert.match(await pat.mainText(), /Description and why it is relevant/);
  assert.match(await pat.mainText(), /Community of practice on working with families in crisis/);

  // Sam is named in Pat's supervision agreement: he reads the shared record.
  const sam = await signedIn(USERS.supervisor);
  await sam.visit(`/practitioners/${patId}/cpd`);
  assert.match(await sam.mainText(), /Ready for renewal/);
  await sam.clickLink(/Community of practice on working with families/);
  assert.match(await sam.mainText(), /Shared with you by/);
  assert.doesNotMatch(await sam.mainText(), /Change the record/);

  // The principal social worker sees readiness and counts, not the content.
  const psw = await signedIn(USERS.psw);
  await psw.clickLink('CPD readiness');
  assert.match(await psw.mainText(), /CPD readiness, \d{4} to \d{4}/);
  await psw.visit(`/practitioners/${patId}/cpd`);
  assert.match(await psw.mainText(), /Ready for renewal/);
  assert.doesNotMatch(await psw.mainText(), /Community of practice/);
});

journey('a held supervision session becomes a CPD draft, on a 320 pixel screen', async ({ signedIn }) => {
  const pat = await signedIn(USERS.practitioner, { viewport: { width: 320, height: 640 } });
  await pat.clickLink('My supervision');
  const recordPath = new URL(pat.page.url()).pathname;

  const sam = await signedIn(USERS.supervisor);
  await sam.visit(recordPath);
  await sam.clickLink('Record or plan a session');
  await sam.page.getByLabel('Has it taken place?').selectOption('held');
  await sam.page.getByLabel('Length in minutes (if held)').fill('90');
  await sam.submit('Save session');
  const sessionPath = new URL(sam.page.url()).pathname;

  await pat.visit(sessionPath);
  await pat.submit('Record as CPD');
  assert.match(pat.page.url(), /\/cpd\/records\/\d+\/edit$/);
  assert.equal(await pat.page.getByLabel('Type of CPD').inputValue(), 'supervision');
  assert.equal(await pat.page.getByLabel('Who did you discuss it with?').inputValue(), 'line_manager_or_supervisor');
  await pat.page.getByLabel('What did you learn?').fill('How to hold risk with the family rather than for them');
  await pat.submit('Save as draft');
  assert.match(await pat.mainText(), /saved as a draft/);
  await pat.submit('Delete this draft');
  assert.match(await pat.mainText(), /The draft is deleted/);
});
