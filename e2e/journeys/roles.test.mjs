// One journey per role: sign in through the form, walk every page in that role's navigation
// (and the first record each list links to), and check what the role may and may not see.
// Every page visited is checked by axe-core (see lib/harness.mjs).
import assert from 'node:assert/strict';
import { journey, USERS } from '../lib/harness.mjs';

/** Visits every navigation link and the first record each list links to. */
async function walkNavigation(person) {
  for (const href of await person.navLinks()) {
    await person.visit(href);
    const record = person.page.locator(`main table a[href^="${href}/"]`).first();
    if (href !== '/' && await record.count()) {
      await person.visit(await record.getAttribute('href'));
    }
  }
}

journey('public pages, a wrong password and a signed-out visit', async ({ person }) => {
  const visitor = await person();
  await visitor.visit('/accessibility');
  await visitor.visit('/privacy');
  await visitor.visit('/no-such-page', 404);
  await visitor.visit('/sign-in');
  await visitor.page.getByLabel('Email address').fill(USERS.psw);
  await visitor.page.getByLabel('Password').fill('not-the-password');
  await visitor.submit('Sign in', 422);
  const errors = await visitor.errorSummary();
  assert.equal(errors.length, 1);
  assert.match(errors[0], /email address and password/i);
  // A signed-out visit asks for sign-in, then returns to the page asked for.
  await visitor.visit('/teams?sort=name');
  assert.equal(visitor.page.url(), visitor.url('/sign-in?next=%2Fteams%3Fsort%3Dname'));
  await visitor.page.getByLabel('Email address').fill(USERS.psw);
  await visitor.page.getByLabel('Password').fill('demo-password-2026');
  await visitor.submit('Sign in');
  assert.equal(visitor.page.url(), visitor.url('/teams?sort=name'));
});

journey('a practitioner sees only their own record', async ({ signedIn }) => {
  const p = await signedIn(USERS.practitioner);
  assert.deepEqual(await p.navLinks(), ['/', '/development', '/teams', '/organisations']);
  await walkNavigation(p);
  await p.visit('/practitioners');
  assert.match(await p.caption(), /^1 practitioner,/);
  await p.clickLink('Home');
  await p.clickLink('Your record');
  assert.equal(await p.page.getByRole('heading', { name: 'Equality information' }).count(), 0);
  await p.visit('/audit', 403);
  await p.visit('/workforce', 403);
  await p.visit('/users', 403);
  await p.signOut();
});

journey('a supervisor and a team manager see their own team only', async ({ signedIn }) => {
  for (const email of [USERS.supervisor, USERS.teamManager]) {
    const p = await signedIn(email);
    await walkNavigation(p);
    await p.visit('/practitioners');
    const teams = await p.page.locator('main tbody tr td:nth-child(3)').allInnerTexts();
    assert.ok(teams.length > 1, `${email} sees more than one practitioner`);
    assert.equal(new Set(teams).size, 1, `${email} sees one team: ${[...new Set(teams)]}`);
    await p.visit('/practitioners/new', 403);
    await p.visit('/audit', 403);
    await p.signOut();
  }
});

journey('a principal social worker sorts, pages, searches and reads the audit log', async ({ signedIn }) => {
  const psw = await signedIn(USERS.psw);
  await walkNavigation(psw);
  await psw.visit('/practitioners');
  assert.match(await psw.caption(), /^\d+ practitioners, showing 1 to 25$/);
  // Sorting and paging are links handled on the server.
  await psw.click(psw.page.locator('main thead').getByRole('link', { name: /^Team/ }));
  assert.match(psw.page.url(), /sort=team/);
  const firstTeam = await psw.page.locator('main tbody tr td:nth-child(3)').first().innerText();
  await psw.clickLink(/^Next/);
  assert.match(psw.page.url(), /sort=team.*page=2|page=2.*sort=team/);
  assert.match(await psw.caption(), /showing 26 to 50$/);
  const teamsOnPage2 = await psw.page.locator('main tbody tr td:nth-child(3)').allInnerTexts();
  assert.ok(teamsOnPage2.every((t) => t >= firstTeam), 'page 2 continues the sort order');
  // Search by a family name seen on the page.
  const name = (await psw.page.locator('main tbody tr td:first-child a').first().innerText()).split(',')[0];
  await psw.page.locator('main summary').click();
  await psw.page.getByLabel('Name, email or registration number').fill(name);
  await psw.submit('Apply');
  const rows = await psw.page.locator('main tbody tr td:first-child').allInnerTexts();
  assert.ok(rows.length > 0 && rows.every((r) => r.startsWith(name)), rows.join(' | '));
  // Equality data is for the workforce lead only; the PSW sees the rest of the record.
  await psw.click(psw.page.locator('main tbody tr td:first-child a').first());
  assert.match(await psw.mainText(), /Social Work England registration number\tSW\d+/);
  assert.equal(await psw.page.getByRole('heading', { name: 'Equality information' }).count(), 0);
  // That read is in the audit log.
  await psw.visit('/audit');
  assert.match(await psw.mainText(), /practitioner/i);
  await psw.signOut();
});

journey('a workforce lead sees equality information per person and in aggregate', async ({ signedIn }) => {
  const lead = await signedIn(USERS.workforce);
  await walkNavigation(lead);
  // Equality data of the trust's own staff only: a council's seconded worker's is the council's.
  await lead.visit('/practitioners');
  await lead.page.locator('main summary').click();
  await lead.page.getByLabel('Employer').selectOption({ label: 'Northshire Mental Health NHS Foundation Trust' });
  await lead.submit('Apply');
  await lead.click(lead.page.locator('main tbody tr td:first-child a').first());
  await lead.page.getByRole('heading', { name: 'Equality information' }).waitFor();
  await lead.visit('/practitioners');
  await lead.page.locator('main summary').click();
  await lead.page.getByLabel('Employer').selectOption({ label: 'Northshire County Council' });
  await lead.submit('Apply');
  await lead.click(lead.page.locator('main tbody tr td:first-child a').first());
  assert.equal(await lead.page.getByRole('heading', { name: 'Equality information' }).count(), 0, 'a seconded worker\'s equality data is their employer\'s');
  await lead.visit('/workforce');
  assert.match(await lead.mainText(), /Age, ethnic category, sex and disability are shown for the whole organisation only, and counts from 1 to \d+ are shown as \*/);
});

journey('an organisation admin manages users and roles', async ({ signedIn }) => {
  const admin = await signedIn(USERS.admin);
  await walkNavigation(admin);
  await admin.visit('/users');
  await admin.clickLink('Add a user');
  await admin.submit('Save user', 422);
  const errors = await admin.errorSummary();
  assert.ok(errors.some((e) => /email/i.test(e)), errors.join(' | '));
  // The error summary links to the field it names.
  const href = await admin.page.locator('.nhsuk-error-summary a').first().getAttribute('href');
  assert.equal(await admin.page.locator(href).count(), 1, `error link ${href} has a target`);
  await admin.page.getByLabel('Name', { exact: true }).fill('Nadia New');
  await admin.page.getByLabel('Work email address').fill('nadia.new@northshire.example.nhs.uk');
  await admin.page.getByLabel('Supervisor').check();
  await admin.page.getByLabel('Practitioner', { exact: true }).check();
  await admin.submit('Save user');
  assert.match(admin.page.url(), /\/users\?saved=1$/);
  assert.match(await admin.mainText(), /Nadia New/);
});

journey('organisations cannot see each other\'s staff', async ({ signedIn }) => {
  const psw = await signedIn(USERS.psw);
  await psw.visit('/practitioners');
  const [trustRecord] = await psw.rowLinks();
  const harbour = await signedIn(USERS.harbourAdmin);
  await walkNavigation(harbour);
  await harbour.visit('/practitioners');
  const [harbourRecord] = await harbour.rowLinks();
  assert.notEqual(harbourRecord, trustRecord);
  await harbour.visit(trustRecord, 404);
  await harbour.visit('/organisations');
  assert.doesNotMatch(await harbour.mainText(), /Northshire/);
  // A council sees the staff it places in the trust, and not the independent provider's.
  const council = await signedIn(USERS.councilPsw);
  await walkNavigation(council);
  await council.visit(harbourRecord, 404);
  await council.visit('/practitioners');
  const employers = new Set(await council.page.locator('main tbody tr td:nth-child(4)').allInnerTexts());
  assert.deepEqual([...employers], ['Northshire County Council']);
});

journey('a national analyst sees suppressed aggregates and no personal records', async ({ signedIn }) => {
  const analyst = await signedIn(USERS.analyst);
  assert.deepEqual(await analyst.navLinks(), ['/', '/workforce', '/national/self-assessment', '/organisations']);
  await walkNavigation(analyst);
  await analyst.visit('/workforce');
  const text = await analyst.mainText();
  assert.match(text, /Counts from 1 to \d+ are shown as \*/);
  await analyst.visit('/practitioners', 403);
  await analyst.visit('/audit', 403);
});

journey('signing out ends the session', async ({ signedIn }) => {
  const psw = await signedIn(USERS.psw);
  const cookies = await psw.context.cookies();
  await psw.signOut();
  // The old session cookie no longer works, even if replayed.
  await psw.context.addCookies(cookies);
  await psw.page.goto('/');
  assert.match(psw.page.url(), /\/sign-in/);
});

journey('a principal social worker records the senior social work lead post and the AMHPs needed', async ({ signedIn }) => {
  const psw = await signedIn(USERS.psw, { javaScriptEnabled: false });
  await psw.visit('/social-work-lead');
  await psw.page.getByLabel('Title of the post').fill('Principal Social Worker');
  await psw.submit('Save the post', 422);
  const errors = await psw.errorSummary();
  assert.ok(errors.some((e) => /Select the post's level/.test(e)), errors.join(' | '));
  await psw.page.getByLabel('Level').selectOption({ label: 'Reports directly to a board member' });
  await psw.submit('Save the post');
  assert.match(await psw.mainText(), /As the guidance asks/);
  await psw.visit('/post-qualifying');
  await psw.clickLink('Set the number of AMHPs needed');
  await psw.page.getByLabel('AMHPs needed').fill('24');
  await psw.submit('Save the number');
  assert.match(await psw.mainText(), /The number of AMHPs needed is saved/);
  assert.match(await psw.mainText(), /24 \(\d+ short\)/);
});
