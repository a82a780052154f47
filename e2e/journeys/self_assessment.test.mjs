// The organisational self-assessment end to end, by a council's principal social worker
// without JavaScript: opens a cycle on the adapted mental health framework, is refused
// sign-off while criteria are unrated and nobody is recorded as taking part (error summary
// first), rates a criterion (a bad link is refused, naming it), adds an action, records who
// took part, rates the rest through the same form, signs off (the cycle is then locked),
// opens the next cycle (starting from the last one's answers), improves one rating and
// compares the two cycles. Then a practitioner in the trust finds their overdue action on
// their home page at 320 px. axe checks every page.
import assert from 'node:assert/strict';
import { daysFromToday, journey, TODAY, USERS } from '../lib/harness.mjs';

const inAMonth = daysFromToday(30);

/** Rates criterion `code` of cycle `id` through the page's own form, posted directly. */
async function rateDirectly(person, id, code, rating) {
  const p = person.page;
  const csrf = await p.locator('input[name="csrf_token"]').first().getAttribute('value');
  const res = await p.request.post(person.url(`/self-assessment/cycles/${id}/criteria/${code}`), {
    form: { csrf_token: csrf, rating, evidence: 'Agreed at the workshop', links: '' },
    maxRedirects: 0,
  });
  assert.equal(res.status(), 303, `rating ${code}`);
}

journey('a principal social worker runs two self-assessment cycles and compares them', async ({ signedIn }) => {
  const psw = await signedIn(USERS.councilPsw, { javaScriptEnabled: false });
  const p = psw.page;
  await psw.clickLink('Self-assessment');
  assert.match(await psw.mainText(), /How well does the organisation support its social workers/);
  assert.match(await psw.mainText(), /Adapted/, 'the adapted framework says so');
  await psw.clickLink('Open a cycle on Mental health social work roles');
  await p.getByLabel(/Mental health social work/).check();
  await psw.submit('Open the cycle');
  assert.match(await psw.mainText(), /The cycle is open/);
  const cycle = new URL(p.url()).pathname.match(/cycles\/(\d+)/)[1];

  // Sign-off is refused: nothing rated, nobody recorded. The summary comes first.
  await psw.submit('Sign off and lock the cycle', 422);
  const errors = await psw.errorSummary();
  assert.ok(errors.some((e) => /33 of 33 criteria are not rated yet/.test(e)), errors.join(' | '));
  assert.ok(errors.some((e) => /Record who took part/.test(e)), errors.join(' | '));

  // Rate A.1, with a bad link first.
  await psw.clickLink(/^A\. /);
  await psw.clickLink('Rate criterion A.1');
  await p.getByLabel('2: Partly in place').check();
  await p.getByLabel('Evidence').fill('Access to assessments audited in the spring');
  await p.getByLabel('Links to documents (optional)').fill('https://intranet.example.gov.uk/audit\nthe audit folder');
  await psw.submit('Save', 422);
  assert.deepEqual(await psw.errorSummary(), ['Link 2 must be a web address starting https:// (one per line, up to 500 characters)']);
  await p.getByLabel('Links to documents (optional)').fill('https://intranet.example.gov.uk/audit');
  await psw.submit('Save');
  assert.match(await psw.mainText(), /Criterion A\.1 is saved/);
  assert.match(await psw.mainText(), /2: Partly in place/);

  // An action on it.
  await psw.clickLink('Add an action for criterion A.1');
  await p.getByLabel('What will be done').fill('Publish how to ask for a Care Act assessment');
  await psw.fillDate('Due date', inAMonth);
  await psw.submit('Add the action');
  assert.match(await psw.mainText(), /The action is added/);

  // Who took part.
  await psw.visit(`/self-assessment/cycles/${cycle}`);
  await psw.clickLink('Change who took part');
  await p.getByLabel('People who use services').check();
  await p.getByLabel('Description').fill('Service user reference group');
  await p.getByLabel('Number of people (optional)').fill('5');
  await psw.submit('Add');
  assert.match(await psw.mainText(), /Service user reference group/);

  // The rest through the same form, then sign off.
  const codes = ['A.2', 'A.3', 'A.4', 'A.5', 'B.1', 'B.2', 'B.3', 'B.4', 'B.5', 'B.6', 'C.1', 'C.2', 'C.3', 'C.4', 'C.5',
    'D.1', 'D.2', 'D.3', 'D.4', 'D.5', 'E.1', 'E.2', 'E.3', 'E.4', 'E.5', 'E.6', 'F.1', 'F.2', 'F.3', 'F.4', 'F.5', 'F.6'];
  for (const code of codes) await rateDirectly(psw, cycle, code, '3');
  await psw.visit(`/self-assessment/cycles/${cycle}`);
  assert.match(await psw.mainText(), /Answered\s+33 of 33 criteria/);
  await psw.submit('Sign off and lock the cycle');
  assert.match(await psw.mainText(), /The cycle is signed off and locked/);
  assert.equal(await p.getByRole('button', { name: 'Sign off and lock the cycle' }).count(), 0);
  assert.equal(await p.locator('main svg[role="img"]').count(), 1, 'the radar');
  assert.match(await psw.caption(), /Rating per domain/);

  // The next cycle starts from these answers; improve A.1 and compare.
  await psw.clickLink('Back to the self-assessment');
  await psw.clickLink('Open a cycle on Mental health social work roles');
  await p.getByLabel(/Mental health social work/).check();
  await psw.submit('Open the cycle');
  assert.match(await psw.mainText(), /Answers from the last signed-off cycle are carried forward/);
  assert.match(await psw.mainText(), /Carried forward, not reviewed\s+33 answers/);
  await psw.clickLink(/^A\. /);
  await psw.clickLink('Change criterion A.1');
  await p.getByLabel('4: Fully in place').check();
  await psw.submit('Save');
  await psw.clickLink(/^Back to /);
  await psw.clickLink('Compare criterion by criterion');
  const text = await psw.mainText();
  assert.match(text, /Better 1/);
  assert.match(text, /Unchanged 32/);
});

journey('the owner of an overdue action sees it on their home page on a phone', async ({ signedIn }) => {
  const sam = await signedIn(USERS.supervisor, { javaScriptEnabled: false, viewport: { width: 320, height: 640 } });
  assert.match(await sam.mainText(), /Your self-assessment actions/);
  assert.match(await sam.mainText(), /Overdue/);
  await sam.clickLink('Agree a three-way supervision agreement template with line managers');
  await sam.page.getByLabel('Done').check();
  await sam.page.getByLabel('Progress note (optional)').fill('Template agreed at the managers meeting');
  await sam.submit('Save');
  assert.match(await sam.mainText(), /The action is updated/);
  assert.match(await sam.mainText(), /Template agreed at the managers meeting/);
  const wide = await sam.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 320, `no sideways scrolling (${wide}px)`);
});
