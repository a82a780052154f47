// Adding and changing records through the NHS form patterns: the error summary on bad input,
// the saved record afterwards, with JavaScript off and on a 320 pixel screen.
import assert from 'node:assert/strict';
import { journey, USERS } from '../lib/harness.mjs';

journey('a principal social worker adds a team, first with nothing filled in', async ({ signedIn }) => {
  const psw = await signedIn(USERS.psw);
  await psw.visit('/teams');
  await psw.clickLink('Add a team');
  await psw.submit('Save team', 422);
  const errors = await psw.errorSummary();
  assert.ok(errors.some((e) => /team name/i.test(e)), errors.join(' | '));
  assert.match(await psw.page.title(), /^Error: Add a team/);
  await psw.page.getByLabel('Team name').fill('Home Treatment East');
  await psw.page.getByLabel('Service model').selectOption('crisis');
  await psw.submit('Save team');
  assert.match(psw.page.url(), /\/teams\/\d+\?saved=1$/);
  assert.equal(await psw.heading(), 'Home Treatment East');
  assert.match(await psw.mainText(), /Crisis/);
});

journey('a workforce lead corrects a practitioner record and records ethnicity', async ({ signedIn }) => {
  const lead = await signedIn(USERS.workforce);
  // One of the trust's own staff: a seconded worker's equality data is their employer's.
  await lead.visit('/practitioners');
  await lead.page.locator('main summary').click();
  await lead.page.getByLabel('Employer').selectOption({ label: 'Northshire Mental Health NHS Foundation Trust' });
  await lead.submit('Apply');
  await lead.click(lead.page.locator('main tbody tr td:first-child a').first());
  const recordUrl = lead.page.url();
  await lead.clickLink('Change details');
  await lead.page.getByLabel('Whole-time equivalent').fill('2');
  await lead.submit('Save practitioner', 422);
  const errors = await lead.errorSummary();
  assert.ok(errors.some((e) => /whole-time equivalent/i.test(e)), errors.join(' | '));
  // The form keeps what was typed.
  assert.equal(await lead.page.getByLabel('Whole-time equivalent').inputValue(), '2');
  await lead.page.getByLabel('Whole-time equivalent').fill('0.8');
  await lead.page.getByLabel('Ethnic category').selectOption('N');
  await lead.submit('Save practitioner');
  assert.equal(lead.page.url(), `${recordUrl}?saved=1`);
  const text = await lead.mainText();
  assert.match(text, /Black or Black British - African/);
  assert.match(text, /0\.80/);
});

journey('an organisation admin changes the registered population', async ({ signedIn }) => {
  const admin = await signedIn(USERS.admin);
  await admin.visit('/organisations');
  await admin.clickLink('Northshire Mental Health NHS Foundation Trust');
  await admin.clickLink('Change organisation details');
  await admin.page.getByLabel('Registered population (optional)').fill('lots');
  await admin.submit('Save changes', 422);
  const errors = await admin.errorSummary();
  assert.ok(errors.some((e) => /population/i.test(e)), errors.join(' | '));
  await admin.page.getByLabel('Registered population (optional)').fill('1,200,000');
  await admin.submit('Save changes');
  assert.match(admin.page.url(), /saved=1$/);
  assert.match(await admin.mainText(), /1200000|1,200,000/);
});

journey('forms and the error summary work without JavaScript', async ({ signedIn }) => {
  const psw = await signedIn(USERS.psw, { javaScriptEnabled: false });
  await psw.visit('/teams/new');
  await psw.submit('Save team', 422);
  await psw.errorSummary();
  await psw.visit('/practitioners?sort=name&dir=desc');
  // The search and filter panel is a native <details>, so it opens without scripts.
  await psw.page.locator('main summary').click();
  await psw.page.getByLabel('Career stage').selectOption({ index: 1 });
  await psw.submit('Apply');
  assert.match(psw.page.url(), /career_stage=/);
});

journey('pages work on a 320 pixel wide screen', async ({ signedIn }) => {
  const psw = await signedIn(USERS.psw, { viewport: { width: 320, height: 640 } });
  for (const path of [...await psw.navLinks(), '/practitioners/new', '/teams/new']) {
    await psw.visit(path);
    const overflow = await psw.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0,
      `${path} scrolls sideways by ${overflow}px`);
  }
});
