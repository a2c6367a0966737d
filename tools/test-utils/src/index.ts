export { expectNoLeaks, collectTensors } from './no-leaks';
export { expectClose, toArray, type CloseOptions } from './close';
export { type ReadmeSnippetOptions, type ReadmeSnippetRun, runReadmeSnippet } from './readme-snippet';
export { type ContractCase, type ContractOptions, type ContractProbe, contractSuite } from './contract';
