// The board report: the workforce lead opens it from the governance report, chooses a
// shorter period (a wrong date named first), reads the eight considerations and downloads
// the PDF. Every page visited is checked by axe-core, at desktop width and on a 320 pixel
// screen.
import assert from 'node:assert/strict';
import { journey, USERS } from '../lib/harness.mjs';

for (const viewport of [undefined, { width: 320, height: 800 }]) {
  journey(`a workforce lead reads the board report${viewport ? ' on a 320 pixel screen' : ''}`, async ({ signedIn }) => {
    const lead = await signedIn(USERS.workforce, viewport ? { viewport } : {});
    await lead.visit('/governance');
    await lead.clickLink('Board report across the eight considerations');
    assert.match(await lead.heading(), /Board report: Northshire/);
    const text = await lead.mainText();
    for (const heading of ['1. Ensure social work is well-led', '5. Enable social workers', '8. Demonstrate how the social worker role makes a difference', 'By employer']) {
      assert.ok(text.includes(heading), heading);
    }
    await lead.page.getByLabel('Length of the period').selectOption('3');
    await lead.fillDate('Last day of the period', '2999-01-01');
    await lead.submit('Show the report', 422);
    assert.ok((await lead.errorSummary()).some((e) => /today or in the past/.test(e)));
    await lead.fillDate('Last day of the period', '');
    await lead.submit('Show the report');
    assert.match(await lead.mainText(), /with .* beside it/);
    const pdf = await lead.page.request.get(await lead.page.getByRole('link', { name: /PDF/ }).getAttribute('href'));
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
  });
}
