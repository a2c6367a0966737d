/**
 * The page: backend, data + audit, augmentation preview, training with live samples,
 * curves and images/s, IndexedDB pause/resume, generator download and upload.
 * `document.body.dataset` mirrors the state for the browser test (ready, state, step).
 */
import { ISSUE_TYPES, type IssueType } from '@ganforge/data-clean';
import type { AuditReport } from '@ganforge/data-clean';
import type * as tf from '@tensorflow/tfjs-core';
import { createAugmentPreview } from './augment-preview';
import { chooseBackend } from './backend';
import { drawGrid } from './canvas';
import { createTrainingChart } from './chart';
import { deleteCheckpoint, peekCheckpoint, type RunSettings } from './checkpoint';
import { auditDigits, loadDigits, sheetIndices, sheetUrl, trainingImages } from './data';
import { downloadGenerator, generate, loadGeneratorFiles } from './generators';
import { TrainingSession } from './session';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const state = document.body.dataset;
const params = new URLSearchParams(location.search);

function showError(error: unknown): void {
  const box = $('errors');
  box.hidden = false;
  box.textContent += `${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`;
  console.error(error);
}
window.addEventListener('error', (event) => showError(event.error ?? event.message));
window.addEventListener('unhandledrejection', (event) => showError(event.reason));

async function main(): Promise<void> {
  const backend = await chooseBackend(params.get('backend'));
  $('backend').textContent = `Backend: ${backend.description}`;
  state.backend = backend.name;

  // 1. Data and audit.
  const data = await loadDigits();
  $('data-status').textContent = `${data.images.shape[0]} digits (28x28, ${data.source}); auditing with data-clean…`;
  let report: AuditReport | null = null;
  if (params.get('audit') === 'off') {
    $('data-status').textContent = `${data.images.shape[0]} digits (${data.source}); audit skipped (?audit=off).`;
  } else {
    const auditStarted = performance.now();
    report = await auditDigits(data.images);
    const seconds = (performance.now() - auditStarted) / 1000;
    $('data-status').textContent = `${data.images.shape[0]} digits (${data.source}), audited in ${seconds.toFixed(1)} s: ${report.flagged().length} flagged.`;
    renderFindings(report, data.images);
  }

  // 2. Augmentation preview.
  const preview = createAugmentPreview({
    text: $('aug-json'),
    controls: $('aug-controls'),
    error: $('aug-error'),
    canvas: $('aug-grid'),
    reseed: $('aug-reseed'),
    digits: data.images,
  });

  // 3. Training.
  const chart = await createTrainingChart($('chart'));
  const train = trainingImages(data.images, report);
  let session: TrainingSession | null = null;
  const gridCanvas = $<HTMLCanvasElement>('grid');
  const status = $('train-status');
  const buttons = { train: $<HTMLButtonElement>('train'), pause: $<HTMLButtonElement>('pause'), resume: $<HTMLButtonElement>('resume'), reset: $<HTMLButtonElement>('reset'), download: $<HTMLButtonElement>('download') };
  const number = (id: string) => Number($<HTMLInputElement>(id).value);
  let lastFid: number | null = null;
  let lastRate = 0;
  const intervals = () => ({
    samplesEvery: 5,
    fidEvery: number('fid-every'),
    fidCount: number('fid-count'),
    checkpointEvery: 100,
    inFlight: 1,
    metricsEvery: backend.name === 'webgpu' ? 5 : 1,
  });
  const setState = (value: 'idle' | 'training' | 'paused') => {
    state.state = value;
    buttons.train.disabled = value === 'training' || session !== null;
    buttons.pause.disabled = value !== 'training';
    buttons.resume.hidden = value !== 'paused';
    buttons.reset.disabled = value === 'training';
    buttons.download.disabled = session === null;
  };
  const makeSession = (settings: RunSettings) =>
    new TrainingSession(settings, train, {
      onStep: (row, imagesPerSec, progress) => {
        lastRate = imagesPerSec || lastRate;
        state.step = String(progress.step);
        state.imagesPerSec = lastRate.toFixed(1);
        status.textContent =
          `step ${progress.step} (epoch ${progress.epoch}, batch ${progress.cursor}/${session?.data.batchesPerEpoch ?? '?'}): ` +
          `D ${row.dLoss?.toFixed(3) ?? '-'} G ${row.gLoss?.toFixed(3) ?? '-'}, ${lastRate.toFixed(1)} images/s` +
          (lastFid !== null ? `, FID ${lastFid.toFixed(2)}` : '');
        if (row.dLoss !== null) chart.add([row]);
      },
      onFid: (row) => {
        lastFid = row.fid;
        state.fid = String(row.fid);
        chart.add([row]);
      },
      onSamples: async (images: tf.Tensor4D) => {
        await drawGrid(gridCanvas, images, { columns: 8 });
        state.samplesAt = state.step;
      },
      onCheckpoint: (progress) => {
        state.checkpointStep = String(progress.step);
      },
    }, intervals());

  const settingsFromPage = (): RunSettings => ({
    preset: $<HTMLSelectElement>('preset').value as RunSettings['preset'],
    batchSize: number('batch'),
    learningRate: number('lr'),
    seed: number('seed'),
    augmentation: $<HTMLInputElement>('aug-train').checked ? preview.json() : null,
  });

  buttons.train.addEventListener('click', async () => {
    await deleteCheckpoint();
    session = makeSession(settingsFromPage());
    chart.reset([]);
    lastFid = null;
    await session.drawSamples();
    session.start();
    setState('training');
  });
  buttons.pause.addEventListener('click', async () => {
    if (!session) return;
    buttons.pause.disabled = true;
    status.textContent += ' — pausing…';
    await session.pause();
    status.textContent = `paused at step ${session.progress.step}; checkpoint saved to IndexedDB (reload the page to resume from it)`;
    setState('paused');
  });
  buttons.resume.addEventListener('click', async () => {
    if (!session) {
      const saved = await peekCheckpoint();
      if (!saved) return;
      applySettings(saved.settings);
      if (saved.settings.augmentation) preview.setJson(saved.settings.augmentation);
      session = makeSession(saved.settings);
      await session.restore();
      chart.reset(session.rows);
      lastFid = [...session.rows].reverse().find((row) => row.fid !== null)?.fid ?? null;
      state.resumedFrom = String(session.progress.step);
      await session.drawSamples();
    }
    session.start();
    setState('training');
  });
  buttons.reset.addEventListener('click', async () => {
    session?.dispose();
    session = null;
    await deleteCheckpoint();
    chart.reset([]);
    status.textContent = 'New run: press Train.';
    setState('idle');
  });
  buttons.download.addEventListener('click', () => {
    if (session) void downloadGenerator(session.models.generator);
  });

  // A checkpoint from an earlier visit: offer to resume it.
  const saved = await peekCheckpoint();
  if (saved) {
    applySettings(saved.settings);
    status.textContent = `A checkpoint at step ${saved.progress.step} (saved ${saved.savedAt}) is in IndexedDB: Resume continues it, New run drops it.`;
    chart.reset(saved.rows);
    setState('paused');
  } else {
    status.textContent = 'Ready: press Train.';
    setState('idle');
  }

  // 4. A generator trained elsewhere (the Node CLI's checkpoint).
  $<HTMLInputElement>('load-generator').addEventListener('change', async (event) => {
    const files = Array.from((event.target as HTMLInputElement).files ?? []);
    try {
      const loaded = await loadGeneratorFiles(files);
      const images = generate(loaded, 64, 1234);
      try {
        $('loaded-grid').hidden = false;
        await drawGrid($('loaded-grid'), images, { columns: 8 });
      } finally {
        images.dispose();
      }
      $('loaded-status').textContent = `Loaded ${loaded.description}; 64 samples below.`;
      state.loadedGenerator = loaded.model.name;
      loaded.model.dispose();
    } catch (error) {
      $('loaded-status').textContent = `Could not load: ${(error as Error).message}`;
    }
  });
  state.ready = 'true';
}

function applySettings(settings: RunSettings): void {
  $<HTMLSelectElement>('preset').value = settings.preset;
  $<HTMLInputElement>('batch').value = String(settings.batchSize);
  $<HTMLInputElement>('lr').value = String(settings.learningRate);
  $<HTMLInputElement>('seed').value = String(settings.seed);
  $<HTMLInputElement>('aug-train').checked = settings.augmentation !== null;
}

function renderFindings(report: AuditReport, images: tf.Tensor4D): void {
  const table = $('findings');
  const checks = ISSUE_TYPES.filter((issue) => report.counts[issue] !== undefined);
  table.innerHTML = `<tr>${checks.map((c) => `<th>${c}</th>`).join('')}</tr><tr>${checks.map((c) => `<td>${report.counts[c]}</td>`).join('')}</tr>`;
  const select = $<HTMLSelectElement>('issue');
  select.replaceChildren(...checks.filter((c) => report.scores[c] || (report.counts[c] ?? 0) > 0).map((c) => new Option(c, c)));
  const show = async () => {
    const issue = select.value as IssueType;
    const { indices, flagged } = sheetIndices(report, issue);
    const url = await sheetUrl(images, indices);
    const img = $<HTMLImageElement>('sheet');
    if (img.src.startsWith('blob:')) URL.revokeObjectURL(img.src);
    img.src = url ?? '';
    $('sheet-caption').textContent = flagged
      ? `${indices.length} digit(s) flagged ${issue} (contactSheet from data-clean)`
      : `nothing flagged ${issue}: the ${indices.length} highest ${issue} scores (contactSheet from data-clean)`;
  };
  select.addEventListener('change', () => void show());
  if (select.querySelector('option[value="outlier"]')) select.value = 'outlier';
  void show();
}

main().catch(showError);
