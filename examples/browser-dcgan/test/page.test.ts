/**
 * The built page in Debian's Chromium (headless, driven by playwright-core; no browser
 * download): wasm backend, a few training steps, a non-blank sample grid, an FID value,
 * pause -> IndexedDB -> reload -> resume, the generator download, and a generator saved
 * by the Node trainer (gan-train/node's checkpoint, as the CLI writes it) loaded to
 * generate. Any console error fails it. Skipped, saying why, only where no Chromium
 * is installed (CI installs it from apt).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The system Chromium: $CHROMIUM_PATH, else the first of the usual names on PATH. */
function findChromium(): string | null {
  const given = process.env.CHROMIUM_PATH;
  if (given) return existsSync(given) ? given : null;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome']) {
    try {
      const path = execFileSync('which', [name], { encoding: 'utf8' }).trim();
      if (path) return path;
    } catch {
      // not on PATH
    }
  }
  return null;
}

const executablePath = findChromium();
const built = existsSync(join(root, 'dist', 'index.html'));
const skipReason = !executablePath
  ? 'no Chromium installed (apt-get install chromium; .ci/run installs it)'
  : !built
    ? 'the page is not built (turbo builds it before the test; or run vite build)'
    : null;
if (skipReason) console.warn(`browser-dcgan page test skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('the browser-dcgan page in headless Chromium', () => {
  let server: PreviewServer;
  let browser: Browser;
  let page: Page;
  let url: string;
  let work: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'browser-dcgan-'));
    server = await preview({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'silent', preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
    url = server.resolvedUrls?.local[0] ?? '';
    browser = await chromium.launch({ executablePath: executablePath!, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 1400 } });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const body = (name: string) => page.evaluate((key) => document.body.dataset[key] ?? null, name);
  const waitFor = (script: string, timeout = 60_000) => page.waitForFunction(script, undefined, { timeout, polling: 100 });
  /** Distinct red levels on a canvas: 1 for a blank (one-colour) canvas. */
  const levels = (id: string) =>
    page.evaluate((canvasId) => {
      const canvas = document.getElementById(canvasId) as HTMLCanvasElement;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      const seen = new Set<number>();
      for (let i = 0; i < data.length; i += 4) seen.add(data[i]!);
      return seen.size;
    }, id);

  it('loads, audits the digits, trains on wasm, shows samples and FID, and pauses into IndexedDB', async () => {
    await page.goto(`${url}?backend=wasm`);
    await waitFor("document.body.dataset.ready === 'true'");
    expect(await body('backend')).toBe('wasm');
    const backendLine = await page.textContent('#backend');
    expect(backendLine).toMatch(/wasm, \d+ threads? \(cross-origin isolated\)/);
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    expect(await page.textContent('#data-status')).toMatch(/^10000 digits \(embedded\), audited in/);
    expect(await page.evaluate(() => (document.getElementById('sheet') as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    expect(await levels('aug-grid')).toBeGreaterThan(10);

    await page.fill('#fid-every', '10');
    await page.fill('#fid-count', '200');
    await page.fill('#batch', '32');
    await page.click('#train');
    await waitFor('Number(document.body.dataset.step) >= 12 && document.body.dataset.fid !== undefined', 90_000);
    expect(Number(await body('fid'))).toBeGreaterThan(0);
    expect(Number(await body('imagesPerSec'))).toBeGreaterThan(0);
    expect(await levels('grid')).toBeGreaterThan(10);

    await page.click('#pause');
    await waitFor("document.body.dataset.state === 'paused'");
    const saved = Number(await body('checkpointStep'));
    expect(saved).toBeGreaterThanOrEqual(12);
    expect(await page.textContent('#train-status')).toMatch(new RegExp(`paused at step ${saved}; checkpoint saved`));
    expect(consoleErrors).toEqual([]);

    // The run survives a reload: same step, same settings, then it trains on.
    await page.reload();
    await waitFor("document.body.dataset.ready === 'true'");
    expect(await page.textContent('#train-status')).toMatch(new RegExp(`checkpoint at step ${saved} `));
    expect(await page.inputValue('#batch')).toBe('32');
    await page.click('#resume');
    await waitFor(`Number(document.body.dataset.step) >= ${saved + 3}`, 60_000);
    expect(Number(await body('resumedFrom'))).toBe(saved);
    expect(await levels('grid')).toBeGreaterThan(10);
    await page.click('#pause');
    await waitFor("document.body.dataset.state === 'paused'");

    // The generator downloads as model.json + weights.
    const downloads: { name: string; path: string }[] = [];
    page.on('download', async (download) => {
      const path = join(work, download.suggestedFilename());
      await download.saveAs(path);
      downloads.push({ name: download.suggestedFilename(), path });
    });
    await page.click('#download');
    await expect.poll(() => downloads.length, { timeout: 20_000 }).toBe(2);
    expect(downloads.map((d) => d.name).sort()).toEqual(['model.json', 'model.weights.bin']);
    const modelJson = JSON.parse(await readFile(downloads.find((d) => d.name === 'model.json')!.path, 'utf8'));
    expect(modelJson.modelTopology.config.name).toBe('seed_generator');
    expect(modelJson.weightsManifest[0].paths).toEqual(['./model.weights.bin']);
    expect(consoleErrors).toEqual([]);
  });

  it('loads a generator saved by the Node trainer and draws from it', async () => {
    // gan-train/node's train() with checkpoints: the files the Node CLI writes.
    // The CLI's CPU composition: wasm backend, our training kernels, fused Adam.
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend('wasm');
    const { fusedAdam, registerReductionGradients, registerTrainingKernels } = await import('@ganforge/kernels');
    registerTrainingKernels({ backends: ['wasm'] });
    registerReductionGradients();
    const { seedDcgan } = await import('@ganforge/gan-layers');
    const { createGanStep, nonSaturatingLoss, tensorBatches, train } = await import('@ganforge/gan-train/node');
    const models = seedDcgan({ seed: 3 });
    const step = createGanStep({
      generator: models.generator,
      discriminator: models.discriminator,
      loss: nonSaturatingLoss(),
      gOptimizer: fusedAdam(2e-4, 0.5),
      dOptimizer: fusedAdam(2e-4, 0.5),
      latentDim: models.latentDim,
      seed: 3,
    });
    const images = tf.randomUniform([32, 28, 28, 1], -1, 1, 'float32', 5) as import('@tensorflow/tfjs-core').Tensor4D;
    const directory = join(work, 'node-run', 'checkpoints');
    const result = await train({ step, data: tensorBatches(images, { batchSize: 16, dropRemainder: true }), steps: 2, checkpoints: { directory, every: 2 } });
    expect(result.step).toBe(2);
    images.dispose();
    const { readdir } = await import('node:fs/promises');
    const [checkpoint] = await readdir(directory);
    const generatorDir = join(directory, checkpoint!, 'generator');
    const files = (await readdir(generatorDir)).sort();
    expect(files).toEqual(['model.json', 'weights.bin']);

    await page.setInputFiles('#load-generator', files.map((file) => join(generatorDir, file)));
    await waitFor('document.body.dataset.loadedGenerator !== undefined', 30_000);
    expect(await body('loadedGenerator')).toBe('seed_generator');
    expect(await page.textContent('#loaded-status')).toMatch(/^Loaded model\.json: seed_generator, latent 100 -> \[28,28,1\]/);
    expect(await levels('loaded-grid')).toBeGreaterThan(10);
    expect(consoleErrors).toEqual([]);
  });
});
