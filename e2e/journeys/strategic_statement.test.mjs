// The strategic statement end to end, without JavaScript: the principal social worker
// generates a draft from the live figures, is told which chapter is empty when they save
// one blank (the error summary first, linking to the chapter), saves their edit, and opens
// the print-ready document. A team manager reads it but cannot edit. Every page is checked
// by axe.
import assert from 'node:assert/strict';
import { journey, USERS } from '../lib/harness.mjs';

journey('the PSW drafts the strategic statement, edits a chapter and opens the print page', async ({ signedIn }) => {
  const psw = await signedIn(USERS.psw, { javaScriptEnabled: false });
  await psw.clickLink('Strategic statement');
  assert.match(await psw.mainText(), /There is no strategic statement yet/);
  await psw.submit('Generate a draft');
  const text = await psw.mainText();
  assert.match(text, /A new draft is ready/);
  assert.match(text, /Figures as of \d{4}-\d{2}-\d{2}/);
  assert.match(text, /come from this service's live data on that date/);
  for (const heading of ['Statutory social work', 'Inclusion, rights and citizenship', 'Complexity and risk',
    'The vital role of AMHPs', 'Prevention and wellbeing across communities',
    'Getting the organisational context right for social work']) {
    assert.ok(text.includes(heading), heading);
  }
  assert.match(text, /\d+ registered social workers \(\d+\.\d whole-time equivalent\)/);

  // Regenerating over it asks for confirmation first.
  await psw.submit('Generate a new draft', 422);
  const confirm = await psw.errorSummary();
  assert.ok(confirm.some((e) => /Confirm that the new draft should replace/.test(e)), confirm.join(' | '));

  // An empty chapter: the error summary comes first and names it.
  await psw.clickLink('Edit the statement');
  const p = psw.page;
  await p.getByLabel('Statutory social work').fill('');
  await psw.submit('Save the statement', 422);
  const first = await p.locator('main > *').first().getAttribute('class');
  assert.match(first ?? '', /nhsuk-error-summary/, 'the error summary is the first thing in main');
  const errors = await psw.errorSummary();
  assert.ok(errors.some((e) => /Enter the text of "Statutory social work"/.test(e)), errors.join(' | '));
  await p.getByLabel('Statutory social work').fill('Our social workers make sure people get the support they are entitled to.\n\nWe will publish this statement each year.');
  await psw.submit('Save the statement');
  assert.match(await psw.mainText(), /Your changes are saved/);
  assert.match(await psw.mainText(), /We will publish this statement each year/);

  await psw.clickLink('Open the print-ready version');
  const print = await psw.mainText();
  assert.match(print, /Strategic statement for social work/);
  assert.match(print, /Figures as of/);
  assert.match(print, /We will publish this statement each year/);
  // Printed, the header and navigation are left out.
  await p.emulateMedia({ media: 'print' });
  assert.equal(await p.locator('header.nhsuk-header').isVisible(), false);
  assert.equal(await p.locator('.nhsuk-back-link').isVisible(), false);
  await p.emulateMedia({ media: 'screen' });

  // A team manager reads the statement but cannot change it.
  const manager = await signedIn(USERS.teamManager);
  await manager.visit('/strategic-statement');
  assert.match(await manager.mainText(), /We will publish this statement each year/);
  assert.doesNotMatch(await manager.mainText(), /Edit the statement|Generate a new draft/);
  await manager.visit('/strategic-statement/edit', 403);
});
