// The wellbeing survey end to end: Pat's home page says the demo's survey of this year is
// waiting for their answers; on a 320 pixel phone the form names every statement left
// unanswered, then takes the answers once and thanks them. The principal social worker
// reads last year's results (agreement by standard, a breakdown, hours and caseload),
// opens a new survey, and is told plainly that links cannot be emailed where email is not
// set up. Every page is checked by axe.
import assert from 'node:assert/strict';
import { journey, USERS } from '../lib/harness.mjs';

journey('a practitioner answers the wellbeing survey on a phone and the PSW reads the results', async ({ signedIn }) => {
  const pat = await signedIn(USERS.practitioner, { viewport: { width: 320, height: 640 } });
  await pat.clickLink(/wellbeing survey is open for your answers/);
  assert.match(await pat.heading(), /Wellbeing survey/);
  await pat.clickLink('Wellbeing survey, this year');
  assert.match(await pat.mainText(), /Who sees your answers/);
  await pat.submit('Send my answers', 422);
  const errors = await pat.errorSummary();
  assert.ok(errors.some((e) => /Choose how far you agree with "I feel I belong in my team"/.test(e)), errors.join(' | '));
  assert.ok(errors.some((e) => /Answer "How long do you expect to stay/.test(e)), errors.join(' | '));
  const groups = pat.page.locator('main form fieldset');
  const n = await groups.count();
  assert.equal(n, 24, '21 statements and 3 questions');
  for (let k = 0; k < n; k++) {
    const options = groups.nth(k).locator('input[type=radio]');
    const count = await options.count();
    await options.nth(count === 5 && k < 21 ? 3 : 0).check();
  }
  await pat.submit('Send my answers');
  assert.match(await pat.mainText(), /Thank you/);
  await pat.visit('/');
  assert.doesNotMatch(await pat.mainText(), /wellbeing survey is open/);
  await pat.visit('/wellbeing-survey');
  assert.match(await pat.mainText(), /you have answered/);

  const psw = await signedIn(USERS.psw);
  await psw.clickLink('Run the wellbeing survey');
  assert.match(await psw.heading(), /Wellbeing and engagement survey/);
  await psw.clickLink('Wellbeing survey, last year');
  let text = await psw.mainText();
  assert.match(text, /\d+ of your staff answered/);
  assert.match(text, /Agreement by standard/);
  assert.match(text, /How many people or families are allocated to you today\?/);
  await psw.clickLink('Career stage');
  assert.match(await psw.mainText(), /Agreement by standard, by career stage|No group in this breakdown can be shown/);
  await psw.clickLink('Back to surveys');
  text = await psw.mainText();
  assert.match(text, /Wellbeing survey, this year/);
  assert.match(text, /at least \d+ of \d+/, 'an open survey counts in fives');
  await psw.page.getByLabel('Title').fill('Wellbeing survey, spring');
  await psw.submit('Open the survey');
  assert.match(await psw.mainText(), /The survey is open/);
  await psw.submit('Email invitations', 409);
  assert.match(await psw.mainText(), /Email is not set up/);
});
