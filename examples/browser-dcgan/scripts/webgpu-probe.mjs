/**
 * What WebGPU headless Chromium offers here, per flag set: `node scripts/webgpu-probe.mjs`
 * (after `pnpm build`). Serves the built page (a secure context) and asks
 * navigator.gpu for an adapter and a device. Then `?backend=webgpu&audit=off` on the
 * page trains on whatever adapter came (see the README for the numbers).
 */
import { chromium } from 'playwright-core';
import { preview } from 'vite';
const server = await preview({ root: new URL('..', import.meta.url).pathname, logLevel: 'silent', preview: { host: '127.0.0.1', port: 0 } });
const url = server.resolvedUrls.local[0];
const variants = {
  'default headless': [],
  'unsafe-webgpu': ['--enable-unsafe-webgpu'],
  'unsafe-webgpu + swiftshader': ['--enable-unsafe-webgpu', '--use-angle=swiftshader', '--use-webgpu-adapter=swiftshader'],
  'unsafe-webgpu + Vulkan': ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader'],
  'unsafe-webgpu + Vulkan,fallback adapter': ['--enable-unsafe-webgpu', '--enable-features=Vulkan,WebGPUDeveloperFeatures', '--use-angle=vulkan', '--disable-vulkan-surface', '--ignore-gpu-blocklist'],
};
for (const [name, args] of Object.entries(variants)) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', ...args] });
  const page = await browser.newPage();
  await page.goto(`${url}favicon-missing.txt`).catch(() => {});
  const probe = page.evaluate(async () => {
    if (!navigator.gpu) return 'navigator.gpu undefined (not a secure context? data: URL)';
    try {
      let a = await navigator.gpu.requestAdapter();
      let fb = false;
      if (!a) { a = await navigator.gpu.requestAdapter({ forceFallbackAdapter: true }); fb = !!a; }
      if (!a) return 'requestAdapter() -> null';
      const i = a.info ?? {};
      const d = await a.requestDevice();
      const _buf = d.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE });
      return `adapter${fb ? ' (fallback)' : ''}: ${i.vendor} ${i.architecture} ${i.description} ${i.isFallbackAdapter ? '[isFallbackAdapter]' : ''}; device ok`;
    } catch (e) { return `error ${e.message}`; }
  });
  const r = await Promise.race([probe, new Promise((resolve) => setTimeout(() => resolve('no answer in 30 s'), 30_000))]);
  console.log(name, '=>', r);
  await Promise.race([browser.close(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
}

await server.close();
