// Collaborative conversations end to end: the practitioner (without JavaScript) opens the
// page from the Development card, is told what is missing when they save an empty note
// (the error summary first), writes a note that names nobody, shares it with their
// supervisors and records it as CPD; their supervisor (named in their agreement) finds it
// under "Shared with you" and reads it; the principal social worker, not named, cannot.
// Every page is checked by axe.
import assert from 'node:assert/strict';
import { daysFromToday, journey, TODAY, USERS } from '../lib/harness.mjs';

const yesterday = daysFromToday(-1);

journey('a practitioner records a conversation, shares it, and their supervisor reads it', async ({ signedIn }) => {
  const pat = await signedIn(USERS.practitioner, { javaScriptEnabled: false });
  await pat.clickLink('Collaborative conversations');
  assert.match(await pat.mainText(), /Making the difference together/);

  // Saving an empty note: the error summary comes first and names what is needed.
  await pat.clickLink('Record a conversation');
  assert.match(await pat.mainText(), /Do not name the person/);
  assert.match(await pat.mainText(), /You can enter up to 2000 characters/, 'the character count says the limit without JavaScript');
  await pat.submit('Save the note', 422);
  const errors = await pat.errorSummary();
  assert.ok(errors.some((e) => /Enter the date of the conversation/.test(e)), errors.join(' | '));
  assert.ok(errors.some((e) => /Select who the conversation was with/.test(e)), errors.join(' | '));
  assert.ok(errors.some((e) => /Select whether the person agreed/.test(e)), errors.join(' | '));
  const p = pat.page;
  const first = await p.locator('main .nhsuk-error-summary, main form').first().getAttribute('class');
  assert.match(first ?? '', /nhsuk-error-summary/, 'the summary is above the form');
  // Its links go to the fields.
  assert.equal(await p.locator('.nhsuk-error-summary a[href="#held_on"]').count(), 1);

  await pat.fillDate('Date of the conversation', yesterday);
  await p.getByLabel('A carer').check();
  await p.getByLabel('Where did it take place?').fill('Home visit');
  await p.getByLabel('What did you talk about?').fill('How I explained the plan for discharge from hospital');
  await p.getByLabel('What did they say helped?').fill('Ringing back when I said I would');
  await p.getByLabel('What did they say did not help?').fill('Too many abbreviations in the meeting');
  await p.getByLabel('Partly together: I led some of it').check();
  await p.getByLabel('What did you learn?').fill('Carers need the plan in plain words and in writing');
  await p.getByLabel('What will you do differently?').fill('Send a short written summary after each planning meeting');
  await p.getByRole('group', { name: /Did the person agree/ }).getByLabel('Yes').check();
  await pat.submit('Save the note');
  assert.match(await pat.mainText(), /The note is saved/);
  const notePath = new URL(p.url()).pathname;

  await pat.submit('Share with my supervisors');
  assert.match(await pat.mainText(), /The note is shared/);

  // Record as CPD: a draft dated the conversation, with none of the note's words.
  await pat.submit('Record as CPD');
  assert.match(p.url(), /\/cpd\/records\/\d+\/edit$/);
  assert.equal(await p.getByLabel('Type of CPD').inputValue(), 'feedback');
  assert.equal(await pat.dateValue('Date of the activity'), yesterday);
  const description = await p.getByLabel('Describe the activity and why it is relevant to your practice').inputValue();
  assert.match(description, /^A collaborative conversation about my practice with a carer on /);
  assert.equal(await p.getByLabel('What did you learn?').inputValue(), '');
  await pat.visit(notePath);
  await pat.clickLink('Open the CPD record');
  assert.match(await pat.mainText(), /Drafted from a collaborative conversation/);

  // Sam is named in Pat's supervision agreement: the note is listed for him and he reads it.
  const sam = await signedIn(USERS.supervisor);
  await sam.visit('/conversations');
  assert.match(await sam.mainText(), /Shared with you/);
  await sam.click(sam.page.locator(`main a[href="${notePath}"]`));
  assert.match(await sam.mainText(), /Shared with you by/);
  assert.match(await sam.mainText(), /Ringing back when I said I would/);
  assert.doesNotMatch(await sam.mainText(), /Change the note/);

  // The principal social worker is not named in Pat's agreement: not found.
  const psw = await signedIn(USERS.psw);
  await psw.visit(notePath, 404);
  await psw.visit('/conversations');
  assert.doesNotMatch(await psw.mainText(), /Home visit/);
});
