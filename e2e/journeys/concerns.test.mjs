// Raising concerns end to end: a practitioner on a 320 pixel phone raises a concern
// anonymously from the home page's card (told first what is missing), keeps the private
// reference shown once, and the principal social worker sees it as anonymous, asks a
// supervisor to answer it and answers it; the practitioner opens it with the reference
// (typed in lower case) and reads the answer, then replies; the supervisor, asked to
// answer, reads it; the PSW closes it with the outcome. Every page is checked by axe.
import assert from 'node:assert/strict';
import { journey, USERS } from '../lib/harness.mjs';

journey('a practitioner raises an anonymous concern on a phone and reads the answer', async ({ signedIn }) => {
  const pat = await signedIn(USERS.practitioner, { viewport: { width: 320, height: 640 } });
  await pat.clickLink('Concerns');
  await pat.clickLink('Raise a concern');
  await pat.submit('Raise the concern', 422);
  const errors = await pat.errorSummary();
  for (const e of [/Select what the concern is about/, /Enter a summary/, /Enter the details/, /anonymously or with your name/]) {
    assert.ok(errors.some((x) => e.test(x)), `${e} in ${errors.join(' | ')}`);
  }
  const p = pat.page;
  await p.getByLabel('Unsafe practice').check();
  await p.getByLabel('Summary').fill('Section 136 suite unstaffed at night');
  await p.getByLabel('What is happening, and what would you like to change?').fill('Twice this month nobody was on the suite after 10pm.');
  await p.getByLabel('No, raise it anonymously').check();
  await pat.submit('Raise the concern');
  assert.match(await pat.heading(), /Concern raised anonymously/);
  const reference = (await p.locator('#reference').innerText()).trim();
  assert.match(reference, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
  assert.doesNotMatch(p.url(), new RegExp(reference), 'the reference is not in the address');

  // The PSW sees it as anonymous, asks the supervisor to answer it, and answers.
  const psw = await signedIn(USERS.psw);
  await psw.visit('/concerns');
  await psw.clickLink('Section 136 suite unstaffed at night');
  assert.match(await psw.mainText(), /Raised by\s+Anonymous/);
  await psw.page.getByLabel('Ask someone to answer it').selectOption({ label: 'Sam Supervisor' });
  await psw.submit('Ask them to answer');
  assert.match(await psw.mainText(), /Sam Supervisor is asked to answer it/);
  await psw.page.getByLabel('Answer', { exact: true }).fill('Thank you. Night cover starts on Monday.');
  await psw.submit('Send');
  assert.match(await psw.mainText(), /Your message is sent/);

  // The practitioner follows it by the reference and replies.
  await pat.visit('/concerns/follow');
  await p.getByLabel('Private reference').fill(reference.toLowerCase());
  await pat.submit('Open the concern');
  assert.match(await pat.mainText(), /Night cover starts on Monday/);
  await p.getByLabel('Reply').fill('Thank you, that will help.');
  await pat.submit('Send');
  assert.match(await pat.mainText(), /Your message is sent/);
  assert.match(await pat.mainText(), /that will help/);

  // The supervisor, asked to answer it, reads it among theirs.
  const sam = await signedIn(USERS.supervisor);
  await sam.visit('/concerns');
  await sam.clickLink('Section 136 suite unstaffed at night');
  assert.match(await sam.mainText(), /that will help/);

  // The PSW closes it.
  await psw.page.getByLabel('Outcome').fill('Night cover agreed with the bed manager');
  await psw.page.getByLabel('What changed as a result').fill('A named person covers the suite each night');
  await psw.submit('Close the concern');
  assert.match(await psw.mainText(), /The concern is closed/);
});
