// The supervision quality pulse end to end: the supervisor records a held session, the
// supervisee follows the link from the session page, leaves one statement unanswered
// (error summary), answers all four, cannot answer again, and the principal social worker
// reads the grouped results from the supervision dashboard. Every page is checked by axe.
import assert from 'node:assert/strict';
import { journey, USERS } from '../lib/harness.mjs';

const STATEMENTS = [
  'Supervision gave me space to reflect on my practice',
  'I felt supported with the decisions I am making',
  'My wellbeing and workload were discussed',
  'I am clear about the actions we agreed',
];

journey('a supervisee answers the pulse once and the PSW sees grouped results', async ({ signedIn }) => {
  // The supervisee answers without JavaScript: the form is plain HTML radios.
  const pat = await signedIn(USERS.practitioner, { javaScriptEnabled: false });
  await pat.clickLink('My supervision');
  const recordPath = new URL(pat.page.url()).pathname;

  const sam = await signedIn(USERS.supervisor);
  await sam.visit(recordPath);
  await sam.clickLink('Record or plan a session');
  await sam.page.getByLabel('Has it taken place?').selectOption('held');
  await sam.page.getByLabel('Length in minutes (if held)').fill('90');
  await sam.submit('Save session');
  const sessionPath = new URL(sam.page.url()).pathname;
  assert.doesNotMatch(await sam.mainText(), /Tell us how this supervision went/, 'only the supervisee is asked');

  // Pat opens the form from the session page; it says plainly who sees the answers.
  await pat.visit(sessionPath);
  await pat.clickLink('Tell us how this supervision went');
  assert.match(await pat.mainText(), /only once at least 5 people have answered/);
  assert.match(await pat.mainText(), /nobody can work out one person's answers/);

  // One statement left out: the error summary names it and the other answers are kept.
  const group = (legend) => pat.page.getByRole('group', { name: legend });
  await group(STATEMENTS[0]).getByLabel('Agree', { exact: true }).check();
  await group(STATEMENTS[1]).getByLabel('Strongly agree').check();
  await group(STATEMENTS[2]).getByLabel('Neither agree nor disagree').check();
  await pat.submit('Send your answers', 422);
  const errors = await pat.errorSummary();
  assert.equal(errors.length, 1, errors.join(' | '));
  assert.match(errors[0], /clear about the actions/);
  assert.ok(await group(STATEMENTS[0]).getByLabel('Agree', { exact: true }).isChecked());

  await group(STATEMENTS[3]).getByLabel('Agree', { exact: true }).check();
  await pat.submit('Send your answers');
  assert.match(await pat.mainText(), /already answered for this session\. Thank you/);
  await pat.visit(sessionPath);
  assert.doesNotMatch(await pat.mainText(), /Tell us how this supervision went/);

  // The PSW reaches the results from the dashboard: the organisation's, and a team with
  // too few answers shows none.
  const psw = await signedIn(USERS.psw);
  await psw.clickLink('Supervision');
  await psw.clickLink('How supervision is going: what supervisees said');
  const text = await psw.mainText();
  assert.match(text, /Your organisation/);
  assert.match(text, /Average \(1 to 5\)/);
  assert.match(text, /Not enough responses yet \(fewer than 5\)/);
});
