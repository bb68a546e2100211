// End-to-end test of the explorer in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core; no browser download), against a dev node loaded with the demo data.
//
// Environment: EXPLORER_URL (the built app being served), NODE_WS (the node), DEMO_JSON (what
// the demo made), SCREENSHOTS (directory for screenshots). Run by scripts/explorer-test.sh.

import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import assert from 'node:assert/strict';

const explorer = process.env.EXPLORER_URL;
const node = process.env.NODE_WS;
const demo = JSON.parse(readFileSync(process.env.DEMO_JSON, 'utf8'));
const shots = process.env.SCREENSHOTS ?? 'test-results';
mkdirSync(shots, { recursive: true });
const finished = demo.lots.finished;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
let failures = 0;
async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}: ${e.stack ?? e}`);
  }
}

try {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const open = async (route) => {
    await page.goto(`${explorer}/?node=${encodeURIComponent(node)}#/${route}`);
  };

  await check('chain status shows blocks, validators and their organisations', async () => {
    await open('');
    await page.getByTestId('chain-status').waitFor({ timeout: 30_000 });
    const finalized = Number((await page.getByTestId('finalized').textContent()).slice(1));
    assert.ok(finalized > demo.steps, `finalized #${finalized}`);
    const validators = await page.getByTestId('validators').textContent();
    assert.match(validators, /Shanghai Apex Pharmaceuticals/);
    await page.screenshot({ path: `${shots}/01-chain.png`, fullPage: true });
  });

  await check(`search the finished lot ${finished}: status, genealogy, recall, excursion, pledge, carbon`, async () => {
    await open('');
    await page.getByTestId('chain-status').waitFor({ timeout: 30_000 });
    await page.fill('#lot-search', finished);
    await page.press('#lot-search', 'Enter');
    await page.getByTestId('trail-check').waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId('lot-status').textContent(), 'Recalled');
    // Genealogy: the vials, both inputs and the API's starting material, with the edges.
    const graph = page.getByTestId('genealogy');
    for (const lot of [finished, demo.lots.api, demo.lots.excipient, demo.lots.starting_material]) {
      assert.equal(await graph.locator(`a[data-lot="${lot}"]`).count(), 1, `${lot} in the graph`);
    }
    assert.equal(await graph.locator('path.edge').count(), 3, 'three input edges');
    // The recall reached it from the excipient.
    const recall = await page.getByTestId('recall').textContent();
    assert.ok(recall.includes(demo.lots.excipient), recall);
    // The timeline has the excursion, the quarantine release, the lock and the recall.
    const timeline = await page.getByTestId('timeline').textContent();
    for (const e of ['Transformed', 'Shipped', 'ColdChainExcursion', 'Received', 'LotLocked', 'LotRecalled']) {
      assert.ok(timeline.includes(e), `timeline has ${e}`);
    }
    assert.ok(timeline.includes('Quarantined → Released'), 'release after the excursion');
    // Pledged at 65 %, price −20 % (margin call at 81.25 %), then the recall reached the
    // pledged vials: they value at zero and the pledge is past the liquidation line.
    assert.equal((await page.getByTestId('margin').textContent()).trim(), 'Liquidation');
    assert.equal((await page.getByTestId(`lot-value-${finished}`).textContent()).trim(), 'values at zero: Unusable');
    // The price behind it: the three independent sources the council admitted.
    assert.equal(await page.getByTestId('feeds').locator('tbody tr').count(), 3, 'three feeds');
    assert.equal((await page.getByTestId('neutral').textContent()).trim(), 'yes');
    const qc = await page.getByTestId('qc').textContent();
    assert.ok(qc.includes(`conforms to agreement #${demo.agreements.vials}`), qc);
    assert.match(await page.getByTestId('trail-check').textContent(), /^✓ Trail check passed/);
    await page.screenshot({ path: `${shots}/02-lot.png`, fullPage: true });
  });

  await check('export the lot history: the trail check in the file passes', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
    assert.equal(download.suggestedFilename(), `lot-${finished}-history.json`);
    const file = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(file.lot.id, finished);
    assert.equal(file.trailCheck.matches, true);
    assert.equal(file.history.length, file.trailCheck.chainCount);
    assert.ok(file.history.some((e) => e.event === 'provenance.ColdChainExcursion'));
    assert.ok(file.history.every((e) => /^0x[0-9a-f]+$/.test(e.scale)));
  });

  await check('the genealogy graph navigates to an input lot', async () => {
    await page.getByTestId('genealogy').locator(`a[data-lot="${demo.lots.api}"]`).click();
    await page.getByTestId('trail-check').waitFor({ timeout: 60_000 });
    assert.ok((await page.getByTestId('lot-summary').textContent()).includes(demo.lots.api));
    assert.match(await page.getByTestId('trail-check').textContent(), /^✓/);
  });

  await check('the failed API lot: quarantined, QC fails the agreement', async () => {
    await open(`lot/${demo.lots.api_failed}`);
    await page.getByTestId('trail-check').waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId('lot-status').textContent(), 'Quarantined');
    const qc = await page.getByTestId('qc').textContent();
    assert.ok(qc.includes(`fails agreement #${demo.agreements.api}: ASSAY`), qc);
  });

  await check('an unknown lot is reported as not found', async () => {
    await open('lot/NO-SUCH-LOT');
    await page.getByTestId('not-found').waitFor({ timeout: 30_000 });
  });

  await check('organisations: roles, e-seal keys, the expiring credential highlighted', async () => {
    await open('orgs');
    await page.getByTestId('orgs').waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('article.org').count(), 11);
    const huaxin = await page.getByTestId(`org-${demo.orgs.huaxin}`).textContent();
    assert.ok(huaxin.includes('QaApprover') && huaxin.includes('Operator'), huaxin);
    // Huaxin's ISO 9001 (21 days left) and the warehouse's cold-chain qualification (45 days)
    // are highlighted; nothing else is.
    const expiring = (await page.getByTestId('expiring').allTextContents()).sort();
    assert.equal(expiring.length, 2, expiring.join(' | '));
    assert.ok(expiring[0].startsWith('Cold-chain') && expiring[1].startsWith('ISO 9001'), expiring.join(' | '));
    // Every credential is issued: its issuer is named and its SM2 seal, re-verified in the
    // browser (SM3 of the canonical preimage, then the issuer's key), matches the node's check.
    const seals = await page.locator('[data-testid^="seal-"]').allTextContents();
    assert.ok(seals.length >= 10, `${seals.length} credentials`);
    assert.ok(seals.every((x) => x === 'seal verified'), seals.join(' | '));
    assert.ok(huaxin.includes('National Medical Products Administration (org 1)'), huaxin);
    assert.ok(huaxin.includes('SGS-CSTC Certification (org 2)'), huaxin);
    // The W3C Verifiable Credential export of Huaxin's GMP certificate (its first credential).
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId(`vc-${demo.orgs.huaxin}-0`).click(),
    ]);
    assert.equal(download.suggestedFilename(), `credential-${demo.orgs.huaxin}-0.vc.json`);
    const vc = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.ok(vc.type.includes('VerifiableCredential'), JSON.stringify(vc.type));
    assert.equal(vc.credentialSubject.credentialKind.name, 'GMP certificate');
    assert.equal(vc.credentialStatus.status, 'active');
    assert.equal(vc.proof.type, 'BioLedgerSm2Seal');
    await page.screenshot({ path: `${shots}/03-orgs.png`, fullPage: true });
  });

  await check('agreements: both sealed by both parties, every SM2 seal verifies', async () => {
    await open('agreements');
    await page.getByTestId('agreements').waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('article.agreement').count(), 2);
    const seals = page.getByTestId('seal-verification');
    assert.equal(await seals.count(), 4);
    for (const t of await seals.allTextContents()) assert.equal(t, 'SM2 signature verified');
    await page.screenshot({ path: `${shots}/04-agreements.png`, fullPage: true });
  });

  await check('nonconformances: the failed lot, its CAPA, closed', async () => {
    await open('nonconformances');
    const t = await page.getByTestId('nonconformances').textContent({ timeout: 30_000 });
    assert.ok(t.includes(demo.lots.api_failed) && t.includes('Closed') && t.includes('ASSAY'), t);
  });

  await check('receipts and pledges: the recalled collateral and the margin', async () => {
    await open('finance');
    await page.getByTestId('pledges').waitFor({ timeout: 30_000 });
    assert.ok((await page.getByTestId('pledges').textContent()).includes('Liquidation'));
    assert.ok((await page.getByTestId('receipts').textContent()).includes('unusable'));
    assert.ok((await page.getByTestId('receipts').textContent()).includes(finished));
    await page.screenshot({ path: `${shots}/05-finance.png`, fullPage: true });
  });

  await check('carbon: batch, holdings and the certificate claimed against the vials', async () => {
    await open('carbon');
    await page.getByTestId('certificates').waitFor({ timeout: 30_000 });
    const certs = await page.getByTestId('certificates').textContent();
    assert.ok(certs.includes(finished) && certs.includes('0–11'), certs);
    assert.ok((await page.getByTestId('holdings').textContent()).includes('12–19'));
    assert.ok((await page.getByTestId('records').textContent()).includes('Verified'));
    await page.screenshot({ path: `${shots}/06-carbon.png`, fullPage: true });
  });

  await check('no uncaught errors in the page', async () => {
    assert.deepEqual(errors, []);
  });
} finally {
  await browser.close();
}
console.log(failures ? `${failures} explorer check(s) failed` : 'all explorer checks passed');
process.exit(failures ? 1 : 0);
