export { type BackendChoice, type BackendSelection, describeSelection, selectBackend } from './backend';
export { judgeSamples, trainDigitClassifier } from './digit-classifier';
export { type CliOptions, parseCli, usage } from './options';
export { evaluateSamples, type RunResult, runDcgan } from './run';
