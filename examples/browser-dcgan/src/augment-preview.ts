/**
 * The augmentation preview: the pipeline as JSON (augment's `toJSON` form, rebuilt
 * with `augmentationFromJSON`), a slider for every number in it, and the result on a
 * grid of digits, redrawn on every edit. Bad JSON or options show augment's typed
 * error and keep the last good pipeline.
 */
import { type Augmentation, augmentationFromJSON, compose, randomAffine, randomErasing, randomNoise } from '@ganforge/augment';
import * as tf from '@tensorflow/tfjs-core';
import { drawGrid } from './canvas';

/** The pipeline shown first. */
export function defaultPipeline(): Augmentation {
  return compose([
    randomAffine({ degrees: 12, translate: [0.1, 0.1], scale: [0.9, 1.1], p: 0.8 }),
    randomErasing({ p: 0.3, scale: [0.02, 0.15] }),
    randomNoise({ std: 0.08, clip: 'unit', p: 0.5 }),
  ]);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A slider's range for an option, by its name and value. */
function sliderRange(key: string, value: number): [number, number, number] {
  if (key === 'p' || key === 'std' || key === 'translate' || key === 'scale' || key === 'mean') return [Math.min(0, Math.floor(value)), Math.max(1, Math.ceil(value)), 0.01];
  if (key === 'degrees' || key === 'shear') return [-180, 180, 1];
  const high = Math.max(1, Math.abs(value) * 4);
  return [Math.min(0, value), high, Number.isInteger(value) ? 1 : high / 100];
}

export interface AugmentPreview {
  /** The current pipeline. */
  current(): Augmentation;
  /** Its JSON. */
  json(): unknown;
  /** Sets the pipeline from JSON (a resumed run's). */
  setJson(json: unknown): void;
}

export function createAugmentPreview(elements: {
  text: HTMLTextAreaElement;
  controls: HTMLElement;
  error: HTMLElement;
  canvas: HTMLCanvasElement;
  reseed: HTMLButtonElement;
  digits: tf.Tensor4D;
}): AugmentPreview {
  let pipeline = defaultPipeline();
  let config = pipeline.toJSON() as unknown as Json;
  let drawSeed = 1;
  const sample = tf.tidy(() => tf.slice(elements.digits, [0, 0, 0, 0], [48, -1, -1, -1]) as tf.Tensor4D);

  const draw = async () => {
    const out = tf.tidy(() => pipeline.apply(sample, { seed: drawSeed }));
    try {
      await drawGrid(elements.canvas, out, { columns: 12, unit: true });
    } finally {
      out.dispose();
    }
  };

  const rebuild = (next: Json, fromText: boolean) => {
    try {
      const built = augmentationFromJSON(next as never);
      pipeline = built;
      config = next;
      elements.error.textContent = '';
      if (!fromText) elements.text.value = JSON.stringify(config, null, 2);
      renderControls();
      void draw();
    } catch (error) {
      elements.error.textContent = (error as Error).message;
    }
  };

  const renderControls = () => {
    elements.controls.replaceChildren();
    const walk = (node: Json, path: string) => {
      if (node === null || typeof node !== 'object') return;
      if (Array.isArray(node)) {
        node.forEach((child, i) => {
          walk(child, `${path}[${i}]`);
        });
        return;
      }
      const options = node.options;
      if (options && typeof options === 'object' && !Array.isArray(options)) {
        for (const [key, value] of Object.entries(options)) {
          const values = typeof value === 'number' ? [value] : Array.isArray(value) && value.every((v) => typeof v === 'number') ? (value as number[]) : null;
          if (!values) continue;
          values.forEach((v, i) => {
            const [min, max, step] = sliderRange(key, v);
            const label = document.createElement('label');
            const input = document.createElement('input');
            Object.assign(input, { type: 'range', min: String(min), max: String(max), step: String(step), value: String(v) });
            const name = `${node.type}.${key}${values.length > 1 ? `[${i}]` : ''}`;
            const shown = document.createElement('span');
            shown.textContent = ` ${name} = ${v}`;
            input.dataset.option = name;
            input.addEventListener('input', () => {
              const x = Number(input.value);
              if (Array.isArray(value)) (value as number[])[i] = x;
              else (options as Record<string, Json>)[key] = x;
              shown.textContent = ` ${name} = ${x}`;
              rebuild(config, false);
            });
            label.append(input, shown);
            elements.controls.append(label);
          });
        }
      }
      if (Array.isArray(node.children)) walk(node.children, `${path}.children`);
    };
    walk(config, '');
  };

  elements.text.value = JSON.stringify(config, null, 2);
  elements.text.addEventListener('input', () => {
    let parsed: Json;
    try {
      parsed = JSON.parse(elements.text.value) as Json;
    } catch (error) {
      elements.error.textContent = `augmentationFromJSON: config must be valid JSON, got ${(error as Error).message}`;
      return;
    }
    rebuild(parsed, true);
  });
  elements.reseed.addEventListener('click', () => {
    drawSeed++;
    void draw();
  });
  renderControls();
  void draw();
  return {
    current: () => pipeline,
    json: () => JSON.parse(JSON.stringify(config)),
    setJson: (json) => rebuild(json as Json, false),
  };
}
