export { type BackendChoice, type BackendSelection, describeSelection, selectBackend } from './backend';
export { type ChartRow, chartRows, renderChartSvg, writeTrainingChart } from './chart';
export { createEpochEvaluator, describeScore, type EpochScore, metricSources, scoreSamples } from './evaluate';
export { type CliOptions, parseCli, usage } from './options';
export { type RunResult, runDcgan } from './run';
