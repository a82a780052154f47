// An organisation's workforce intelligence: the principal social worker reads the trust's
// workforce (charts with their tables, equality figures for the whole trust), narrows it
// to one service model (the equality figures withdrawn), downloads it, then enters a
// team's establishment (a mistake named by its team first) and a data year's figures on
// the plan page. Every page visited is checked by axe-core, at desktop width and on a 320
// pixel screen.
import assert from 'node:assert/strict';
import { journey, USERS } from '../lib/harness.mjs';

for (const viewport of [undefined, { width: 320, height: 800 }]) {
  journey(`a principal social worker reads and plans the workforce${viewport ? ' on a 320 pixel screen' : ''}`, async ({ signedIn }) => {
    const psw = await signedIn(USERS.psw, viewport ? { viewport } : {});
    await psw.visit('/workforce');
    assert.match(await psw.heading(), /Workforce: Northshire/);
    const text = await psw.mainText();
    assert.match(text, /Vacancies against establishment/);
    assert.match(text, /By ethnic category/);
    assert.match(text, /Relative likelihood of white applicants being appointed/);
    assert.ok(await psw.page.locator('main svg[role="img"]').count() > 3, 'charts drawn');

    await psw.page.getByLabel('Service model', { exact: true }).selectOption('community');
    await psw.submit('Show figures');
    assert.match(await psw.heading(), /Community mental health/);
    assert.match(await psw.mainText(), /Equality figures are shown for the whole organisation only/);
    const xlsx = await psw.page.request.get(await psw.page.getByRole('link', { name: /Download these figures/ }).getAttribute('href'));
    assert.equal(xlsx.status(), 200);
    assert.match(xlsx.headers()['content-type'], /spreadsheetml/);

    await psw.clickLink('Show the whole organisation');
    await psw.clickLink('Enter establishments, placements and recruitment figures');
    assert.match(await psw.heading(), /Workforce plan figures/);
    const first = psw.page.getByLabel(/establishment \(WTE\)/).first();
    await first.fill('lots');
    await psw.submit('Save establishments', 422);
    const errors = await psw.errorSummary();
    assert.ok(errors.some((e) => /Enter the funded establishment of /.test(e)), errors.join(' | '));
    await psw.page.getByLabel(/establishment \(WTE\)/).first().fill('12.5');
    await psw.submit('Save establishments');
    assert.equal(await psw.page.getByLabel(/establishment \(WTE\)/).first().inputValue(), '12.50');

    await psw.page.getByLabel('Social work student placements offered').fill('11');
    await psw.page.getByLabel('White applicants appointed').fill('9');
    await psw.page.getByLabel('White applicants shortlisted').fill('3');
    await psw.submit("Save the year's figures", 422);
    assert.ok((await psw.errorSummary()).some((e) => /cannot be more than shortlisted/.test(e)));
    await psw.page.getByLabel('White applicants shortlisted').fill('30');
    await psw.submit("Save the year's figures");
    assert.match(await psw.mainText(), /Years entered/);
  });
}
