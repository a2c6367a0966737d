/**
 * The training chart (losses and FID by step) rendered to SVG in Node with vega-lite
 * and vega, from the spec the browser example draws live
 * (`tools/charts/training-metrics.vl.json`, data set `metrics`).
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@ganforge/internal/node';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import spec from '../../../tools/charts/training-metrics.vl.json';

/** A row of the shared spec's `metrics` data set. */
export interface ChartRow {
  step: number;
  dLoss: number | null;
  gLoss: number | null;
  fid: number | null;
}

/** Loss points drawn at most (longer runs are averaged over equal runs of steps). */
export const maxLossPoints = 400;

/**
 * Rows of the spec from `metrics.jsonl` lines: one per step (gan-train's records,
 * averaged into at most {@link maxLossPoints} bins) and one per FID record.
 */
export function chartRows(lines: readonly string[]): ChartRow[] {
  const losses: { step: number; dLoss: number; gLoss: number | null }[] = [];
  const fids: ChartRow[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (typeof record.step !== 'number') continue;
    if (typeof record.fid === 'number') fids.push({ step: record.step, dLoss: null, gLoss: null, fid: record.fid });
    else if (typeof record.dLoss === 'number') {
      losses.push({ step: record.step, dLoss: record.dLoss, gLoss: typeof record.gLoss === 'number' ? record.gLoss : null });
    }
  }
  const bin = Math.max(1, Math.ceil(losses.length / maxLossPoints));
  const rows: ChartRow[] = [];
  for (let i = 0; i < losses.length; i += bin) {
    const part = losses.slice(i, i + bin);
    const g = part.filter((r) => r.gLoss !== null);
    rows.push({
      step: part.at(-1)!.step,
      dLoss: part.reduce((a, r) => a + r.dLoss, 0) / part.length,
      gLoss: g.length > 0 ? g.reduce((a, r) => a + r.gLoss!, 0) / g.length : null,
      fid: null,
    });
  }
  return [...rows, ...fids];
}

/** The SVG of the shared spec over `rows`. */
export async function renderChartSvg(rows: readonly ChartRow[]): Promise<string> {
  const inlined = { ...spec, data: { values: rows } } as unknown as vegaLite.TopLevelSpec;
  const compiled = vegaLite.compile(inlined).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Reads `metricsFile` and writes the chart to `svgPath`; returns the number of rows drawn. */
export async function writeTrainingChart(metricsFile: string, svgPath: string): Promise<number> {
  const rows = chartRows((await readFile(metricsFile, 'utf8')).split('\n'));
  await writeFileAtomic(svgPath, await renderChartSvg(rows));
  return rows.length;
}
