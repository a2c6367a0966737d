import { imageGrid } from '@ganforge/gan-train';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Draws NHWC images in [-1, 1] (or [0, 1] with `unit`) as one grid onto `canvas`
 * (tf.browser.toPixels). Inputs are not disposed.
 */
export async function drawGrid(canvas: HTMLCanvasElement, images: tf.Tensor4D, options: { columns: number; unit?: boolean }): Promise<void> {
  const pixels = tf.tidy(() => {
    const range = options.unit ? 'unit' : 'symmetric';
    const grid = imageGrid(images, { columns: options.columns, padding: 2, pixelRange: range });
    const unit = options.unit ? grid : tf.div(tf.add(grid, 1), 2);
    return tf.clipByValue(unit, 0, 1) as tf.Tensor3D;
  });
  try {
    await tf.browser.toPixels(pixels, canvas);
  } finally {
    pixels.dispose();
  }
}

/** True when the canvas holds more than one distinct grey level (the test's "not blank"). */
export function canvasLevels(canvas: HTMLCanvasElement): number {
  const context = canvas.getContext('2d');
  if (!context || canvas.width === 0) return 0;
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  const levels = new Set<number>();
  for (let i = 0; i < data.length; i += 4) levels.add(data[i]!);
  return levels.size;
}
