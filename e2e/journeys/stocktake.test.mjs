// Returns to the national stocktake: the workforce lead opens them from the workforce
// page, uploads a return with mistakes (each named by row and column, nothing stored),
// then a good one, reads it back as counted, and finds it in the list; the national
// analyst sees it among every organisation's returns and reads the national results; the
// lead reviews the return generated from the trust's records. Every page visited is checked by
// axe-core, at desktop width and on a 320 pixel screen.
import assert from 'node:assert/strict';
import { journey, USERS } from '../lib/harness.mjs';

const HEAD = 'collection_date,ods_code,measure,employer,dimension,category,headcount,wte';
const row = (r) => `2019-09-30,R9N,${r}`;

for (const viewport of [undefined, { width: 320, height: 800 }]) {
  journey(`a workforce lead sends the stocktake return${viewport ? ' on a 320 pixel screen' : ''}`, async ({ signedIn }) => {
    const lead = await signedIn(USERS.workforce, viewport ? { viewport } : {});
    await lead.visit('/workforce');
    await lead.clickLink('Returns to the national stocktake');
    assert.match(await lead.heading(), /Returns to the national stocktake/);
    const upload = async (lines, status) => {
      await lead.page.getByLabel('Return (CSV or XLSX file)').setInputFiles({
        name: 'return.csv', mimeType: 'text/csv', buffer: Buffer.from([HEAD, ...lines.map(row)].join('\n')),
      });
      await lead.submit('Check and send the return', status);
    };
    await upload(['in_post,nhs,total,all,10,9.5', 'in_post,nhs,band,6,7,-7', 'registered_population,,,,1150000,'], 422);
    const errors = await lead.errorSummary();
    assert.ok(errors.some((e) => /Row 3, column H \(wte\)/.test(e)), errors.join(' | '));

    await upload(['in_post,nhs,total,all,10,9.5', 'in_post,nhs,band,6,7,6.5', 'in_post,nhs,band,7,3,3', 'registered_population,,,,1150000,']);
    assert.match(await lead.heading(), /Stocktake return at 30 September 2019/);
    assert.match(await lead.mainText(), /This is the return counted/);
    await lead.clickLink('Back to returns');
    assert.match(await lead.mainText(), /Counted/);

    const analyst = await signedIn(USERS.analyst, viewport ? { viewport } : {});
    await analyst.visit('/stocktake');
    assert.match(await analyst.mainText(), /Northshire Mental Health NHS Foundation Trust \(R9N\)/);
    // The national results, England exact and regions rounded, with its tables.
    await analyst.visit('/workforce');
    await analyst.clickLink('National stocktake results');
    assert.match(await analyst.heading(), /National stocktake results/);
    assert.match(await analyst.mainText(), /Organisations employing none/);

    // The trust generates its return from its records and reviews it.
    await lead.visit('/stocktake');
    await lead.clickLink('Generate your return from your records');
    assert.match(await lead.heading(), /Generate your return/);
    assert.match(await lead.mainText(), /people in post/);
  });
}
