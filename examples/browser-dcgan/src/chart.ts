/**
 * The loss and FID curves, drawn with vega-embed from the spec shared with the CLI
 * (tools/charts/training-metrics.vl.json, data set `metrics`).
 */
import embed, { type Result } from 'vega-embed';
import spec from '../../../tools/charts/training-metrics.vl.json';
import type { MetricsRow } from './checkpoint';

export interface TrainingChart {
  /** Appends rows (drawn on the next animation frame). */
  add(rows: MetricsRow[]): void;
  /** Replaces every row. */
  reset(rows: MetricsRow[]): void;
}

export async function createTrainingChart(element: HTMLElement): Promise<TrainingChart> {
  const result: Result = await embed(element, spec as never, { actions: false, renderer: 'svg', logLevel: 1 /* vega.Error: no warnings for the empty start */ });
  const view = result.view;
  let pending: MetricsRow[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const rows = pending;
    pending = [];
    view.insert('metrics', rows).runAsync();
  };
  return {
    add(rows) {
      pending.push(...rows);
      if (!scheduled) {
        scheduled = true;
        requestAnimationFrame(flush);
      }
    },
    reset(rows) {
      pending = [];
      view.remove('metrics', () => true).insert('metrics', rows).runAsync();
    },
  };
}
