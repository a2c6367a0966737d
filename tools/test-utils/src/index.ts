export { expectNoLeaks, collectTensors } from './no-leaks';
export { expectClose, toArray, type CloseOptions } from './close';
