// Loading existing staff: the principal social worker opens the import from the
// practitioner list, uploads a file with mistakes (each named by row and column, nothing
// saved), then a good one, reads the preview and saves it; the new people are listed.
// Every page visited is checked by axe-core, at desktop width and on a 320 pixel screen.
import assert from 'node:assert/strict';
import { journey, USERS } from '../lib/harness.mjs';

const HEAD = 'First Name,Last Name,Email Address,Professional Registration Number,Employer,Team,Team type,Career stage,Grade,FTE,Assignment Start Date';

for (const viewport of [undefined, { width: 320, height: 800 }]) {
  journey(`a principal social worker loads existing staff from a file${viewport ? ' on a 320 pixel screen' : ''}`, async ({ signedIn }) => {
    const psw = await signedIn(USERS.psw, viewport ? { viewport } : {});
    await psw.visit('/practitioners');
    await psw.clickLink('Load existing staff from a file');
    assert.match(await psw.heading(), /Load existing staff/);
    const upload = async (text, status) => {
      await psw.page.getByLabel('Staff list (CSV or XLSX file)').setInputFiles({
        name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from(text),
      });
      await psw.submit('Show what it changes', status);
    };
    const tag = viewport ? 'b' : 'a';
    await upload(`${HEAD}\nAda,Byron,ada.${tag}@northshire.example.nhs.uk,SW9001${tag === 'a' ? 1 : 2},R9N,,,qualified,Band 12,0.8,02/09/2024\n`, 422);
    const errors = await psw.errorSummary();
    assert.ok(errors.some((e) => /Row 2, column I \("Grade"\)/.test(e)), errors.join(' | '));

    await upload(`${HEAD}\nAda,Byron,ada.${tag}@northshire.example.nhs.uk,SW9001${tag === 'a' ? 1 : 2},R9N,Perinatal Outreach ${tag},Perinatal,qualified,Band 6,0.8,02/09/2024\n`);
    assert.match(await psw.heading(), /What the staff list changes/);
    assert.match(await psw.mainText(), /New teams\s+Perinatal Outreach/);
    await psw.submit('Save these changes');
    assert.match(await psw.mainText(), /Staff list loaded/);
    assert.match(await psw.mainText(), /1 new practitioner/);
  });
}
