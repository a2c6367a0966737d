/**
 * images/s of the built page on wasm in headless Chromium: steps 10 to 60 of a
 * seed-preset run at batch 64, FID off (`node scripts/measure.mjs`, after `pnpm build`).
 * `node scripts/measure.mjs shot` then trains 100 steps with FID and writes
 * docs/screenshot.png. Compare with the Node CLI on the same machine:
 * `pnpm dcgan --backend wasm --preset seed --batch-size 64 --steps 60 --ema 0 --offline --no-clean --export-samples 0`.
 */
import { chromium } from 'playwright-core';
import { preview } from 'vite';
const server = await preview({ root: new URL('..', import.meta.url).pathname, logLevel: 'silent', preview: { host: '127.0.0.1', port: 0 } });
const url = server.resolvedUrls.local[0];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1250, height: 1000 } });
page.on('console', (m) => { if (m.type() === 'error') console.log('console error', m.text().slice(0, 300)); });
await page.goto(`${url}?backend=wasm`);
await page.waitForFunction("document.body.dataset.ready === 'true'", undefined, { timeout: 240000 });
console.log(await page.textContent('#backend'), '|', await page.textContent('#data-status'), '| hw', await page.evaluate(() => navigator.hardwareConcurrency));
const step = () => page.evaluate(() => Number(document.body.dataset.step ?? 0));
await page.fill('#fid-every', '0');
await page.fill('#batch', '64');
await page.click('#train');
await page.waitForFunction('Number(document.body.dataset.step) >= 10', undefined, { timeout: 300000 });
const s0 = await step(); const t0 = Date.now();
await page.waitForFunction('Number(document.body.dataset.step) >= 60', undefined, { timeout: 300000 });
const s1 = await step(); const t1 = Date.now();
console.log(`wasm page: steps ${s0}->${s1} in ${((t1 - t0) / 1000).toFixed(1)} s = ${((s1 - s0) * 64 / ((t1 - t0) / 1000)).toFixed(1)} images/s (page's own: ${await page.evaluate(() => document.body.dataset.imagesPerSec)})`);
await page.click('#pause');
await page.waitForFunction("document.body.dataset.state === 'paused'");
if (process.argv[2] === 'shot') {
  await page.click('#reset');
  await page.fill('#fid-every', '25');
  await page.fill('#fid-count', '500');
  await page.click('#train');
  await page.waitForFunction('Number(document.body.dataset.step) >= 101', undefined, { timeout: 400000 });
  await page.click('#pause');
  await page.waitForFunction("document.body.dataset.state === 'paused'");
  await page.screenshot({ path: new URL('../docs/screenshot.png', import.meta.url).pathname, fullPage: true });
}
await browser.close(); await server.close();
