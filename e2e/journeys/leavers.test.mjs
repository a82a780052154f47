// The exit questionnaire end to end: the workforce lead records Pat's leaving day on the
// staff record; Pat's home page then leads to the questionnaire, which names what is
// missing, takes the answers once on a 320 pixel phone and thanks them; the principal
// social worker follows "Why people leave" from the workforce page and reads released
// answers (the demo's earlier leavers), not Pat's (their month is not over). Every page
// is checked by axe.
import assert from 'node:assert/strict';
import { journey, USERS, daysFromToday } from '../lib/harness.mjs';

journey('a leaver answers the exit questionnaire and the PSW reads why people leave', async ({ signedIn }) => {
  const hr = await signedIn(USERS.workforce);
  await hr.visit('/practitioners?q=Pat');
  await hr.clickLink('Practitioner, Pat');
  await hr.clickLink('Change details');
  await hr.fillDate('End date (optional)', daysFromToday(30));
  await hr.submit('Save practitioner');

  const pat = await signedIn(USERS.practitioner, { viewport: { width: 320, height: 640 } });
  await pat.clickLink(/exit questionnaire is open to you/);
  assert.match(await pat.heading(), /Exit questionnaire/);
  await pat.submit('Send your answers', 422);
  const errors = await pat.errorSummary();
  for (const e of [/at least one reason/, /main reason/, /would come back/]) {
    assert.ok(errors.some((x) => e.test(x)), `${e} in ${errors.join(' | ')}`);
  }
  const p = pat.page;
  await p.getByRole('group', { name: 'Why are you leaving?' }).getByLabel('Workload or caseload').check();
  await p.getByRole('group', { name: 'Why are you leaving?' }).getByLabel('Pay or banding').check();
  await p.getByRole('group', { name: 'What is the main reason?' }).getByLabel('Workload or caseload').check();
  await p.getByRole('group', { name: 'Would you come back to work here?' }).getByLabel('Maybe').check();
  await p.getByLabel('What would have kept you here? (optional)').fill('A caseload of under thirty');
  await pat.submit('Send your answers');
  assert.match(await pat.mainText(), /Thank you/);
  await pat.visit('/');
  assert.doesNotMatch(await pat.mainText(), /exit questionnaire is open/);

  const psw = await signedIn(USERS.psw);
  await psw.visit('/workforce');
  await psw.clickLink('Why people leave');
  assert.match(await psw.heading(), /Why people leave/);
  const text = await psw.mainText();
  assert.match(text, /Main reason for leaving/);
  assert.match(text, /Compressed hours\./);
  assert.doesNotMatch(text, /under thirty/, 'this month is not over');
});
