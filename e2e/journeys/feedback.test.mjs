// Feedback from people who use services and carers, end to end: a practitioner makes cards;
// a person with a card answers on a 320 pixel phone without JavaScript (error summary first,
// then thanks), and used, unknown and typed codes get kind pages; the easy read version;
// the practitioner shares results, their supervisor reads them for supervision, turns them
// into a CPD draft; the principal social worker sees aggregates and adapts a questionnaire
// with who co-produced it. Every page is checked by axe.
import assert from 'node:assert/strict';
import { journey, USERS } from '../lib/harness.mjs';

const PHONE = { viewport: { width: 320, height: 640 }, javaScriptEnabled: false };

async function fitsTheScreen(person) {
  const overflow = await person.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling at 320 pixels (overflow ${overflow})`);
}

journey('a person with a card answers on a phone, anonymously, once', async ({ signedIn, person }) => {
  const pat = await signedIn(USERS.practitioner);
  await pat.clickLink('Development');
  await pat.clickLink('Feedback on my practice');
  assert.match(await pat.mainText(), /Make feedback cards/);
  await pat.page.getByLabel('People who use services').check();
  await pat.page.getByLabel('How many cards').fill('2');
  await pat.submit('Make cards');
  assert.match(await pat.mainText(), /These codes are shown only once/);
  const links = (await pat.page.locator('main').innerText()).match(/\/f\/[0-9A-Z]{10}/g);
  assert.equal(links.length, 2, 'two printed cards');
  const [first, second] = links;

  const phone = await person(PHONE);
  await phone.visit(first);
  await fitsTheScreen(phone);
  assert.match(await phone.mainText(), /Your answers are anonymous/);
  assert.match(await phone.mainText(), /If you need help now/);
  assert.match(await phone.mainText(), /If you want to complain/);
  await phone.submit('Send my answers', 422);
  const errors = await phone.errorSummary();
  assert.ok(errors.some((e) => /Answer at least one question, or write a comment/.test(e)), errors.join(' | '));
  const p = phone.page;
  await p.getByRole('group', { name: /^1\. My social worker listened/ }).getByLabel('Strongly agree').check();
  await p.getByRole('group', { name: /^7\. I was involved in decisions/ }).getByLabel('Agree', { exact: true }).check();
  await p.getByLabel(/Anything else you would like to tell/).fill('Always explained what would happen next.');
  await phone.submit('Send my answers');
  assert.match(await phone.heading(), /Thank you for your feedback/);
  assert.doesNotMatch(p.url(), /[0-9A-Z]{10}/, 'the thank-you address holds no code');

  await phone.visit(first);
  assert.match(await phone.heading(), /This card has already been used/);
  await phone.visit('/f/ZZZZZZZZZZ');
  assert.match(await phone.heading(), /We could not find that card/);

  // Typing the second card's code, as printed, in lower case.
  await phone.visit('/f');
  await fitsTheScreen(phone);
  const code = second.slice(3);
  await p.getByLabel('Code from your card').fill(`${code.slice(0, 5)}-${code.slice(5)}`.toLowerCase());
  await phone.submit('Continue');
  assert.equal(new URL(p.url()).pathname, second);
  await phone.clickLink('Read this in easy read');
  assert.match(await phone.mainText(), /Your answers are private/);
  // Easy read covers help now and complaints too, each beside a picture that has loaded.
  assert.match(await phone.mainText(), /In an emergency, call 999\./);
  assert.match(await phone.mainText(), /Complaining will not change the help you get\./);
  const pictures = await p.locator('main img.mhsw-easy-read__picture').evaluateAll(
    (imgs) => imgs.map((i) => ({ src: i.getAttribute('src'), loaded: i.complete && i.naturalWidth > 0 })));
  assert.ok(pictures.length >= 4, `pictures beside the easy read text: ${JSON.stringify(pictures)}`);
  assert.ok(pictures.every((i) => i.loaded), `every picture loads: ${JSON.stringify(pictures)}`);
  await fitsTheScreen(phone);
  await p.getByRole('group', { name: /^1\. My social worker listened to me\./ }).getByLabel('Yes').check();
  await phone.submit('Send my answers');
  assert.match(await phone.heading(), /Thank you for your feedback/);
  assert.match(await phone.mainText(), /Nobody reads this form every day\./, 'thanked in easy read');
  // The public pages lead to their own privacy notice and start page, not to staff sign-in.
  await phone.clickLink('Privacy notice');
  assert.match(await phone.heading(), /How we use your answers/);
  await fitsTheScreen(phone);
  await phone.click(p.locator('header a.nhsuk-header__service-logo'));
  assert.equal(new URL(p.url()).pathname, '/f');
});

journey('results are shared for supervision and recorded as CPD; the PSW sees aggregates and adapts a questionnaire', async ({ signedIn }) => {
  const pat = await signedIn(USERS.practitioner, { javaScriptEnabled: false });
  await pat.clickLink('My supervision');
  const recordPath = new URL(pat.page.url()).pathname;
  await pat.visit('/feedback');
  assert.match(await pat.mainText(), /People who use services/, 'the demo gives Pat results to see');
  await pat.submit('Share with my supervisors');
  assert.match(await pat.mainText(), /Your results are shared/);
  await pat.submit('Record as CPD');
  assert.match(await pat.page.url(), /\/cpd\/records\/\d+\/edit$/);

  const sam = await signedIn(USERS.supervisor);
  await sam.visit(recordPath);
  await sam.clickLink('Feedback from people they work with, shared for supervision');
  assert.match(await sam.heading(), /Feedback shared by/);

  const psw = await signedIn(USERS.psw, { viewport: { width: 320, height: 640 } });
  await psw.visit('/development');
  await psw.clickLink('Feedback from people who use services');
  assert.match(await psw.mainText(), /Answers by period/);
  await psw.visit('/development');
  await psw.clickLink('Feedback questionnaires');
  await psw.clickLink('Adapt the carers and family members questionnaire');
  await psw.page.getByLabel('Wording').first().fill('The social worker really listened to me as a carer');
  await psw.submit('Save the new version', 422);
  const errors = await psw.errorSummary();
  assert.ok(errors.some((e) => /Enter who co-produced this version/.test(e)), errors.join(' | '));
  await psw.page.getByLabel('Who co-produced this version').fill('Carers reference group (5 members), November 2026');
  await psw.submit('Save the new version');
  assert.match(await psw.mainText(), /The new version is saved/);
  assert.match(await psw.mainText(), /Version 2 \(in use\)/);
});
