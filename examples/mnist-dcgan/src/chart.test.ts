import { describe, expect, it } from 'vitest';
import { chartRows, maxLossPoints, renderChartSvg } from './chart';

const record = (step: number, dLoss: number, gLoss: number | null) => JSON.stringify({ step, epoch: 0, dLoss, gLoss, penalties: {} });

describe('chartRows', () => {
  it('keeps loss rows and FID rows apart, skipping blank and broken lines', () => {
    const rows = chartRows([record(1, 1.5, 0.7), '', 'not json', record(2, 1.3, null), JSON.stringify({ epoch: 1, step: 2, fid: 40.5, classCoverage: 0.8, classesCovered: 8 })]);
    expect(rows).toEqual([
      { step: 1, dLoss: 1.5, gLoss: 0.7, fid: null },
      { step: 2, dLoss: 1.3, gLoss: null, fid: null },
      { step: 2, dLoss: null, gLoss: null, fid: 40.5 },
    ]);
  });

  it('averages long runs into at most maxLossPoints bins, each at its last step', () => {
    const lines = Array.from({ length: 2 * maxLossPoints + 2 }, (_, i) => record(i + 1, i + 1, i % 2 === 0 ? 1 : null));
    const rows = chartRows(lines);
    // ceil(802 / 400) = 3 steps per bin -> 268 bins
    expect(rows).toHaveLength(Math.ceil((2 * maxLossPoints + 2) / 3));
    expect(rows[0]).toEqual({ step: 3, dLoss: 2, gLoss: 1, fid: null });
    // the last bin holds step 802 alone (an odd index: no G loss)
    expect(rows.at(-1)).toEqual({ step: 802, dLoss: 802, gLoss: null, fid: null });
  });
});

describe('renderChartSvg', () => {
  it('renders the shared vega-lite spec to an SVG with both panels', async () => {
    const svg = await renderChartSvg([
      { step: 1, dLoss: 1.4, gLoss: 0.7, fid: null },
      { step: 2, dLoss: 1.2, gLoss: 0.9, fid: null },
      { step: 2, dLoss: null, gLoss: null, fid: 80 },
    ]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('loss');
    expect(svg).toContain('FID (gan-metrics, mnist network)');
    expect(svg).toContain('dLoss');
  });
});
