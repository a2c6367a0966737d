export type { DcganModels } from './dcgan-models';
export { GanLayersError, ImageShapeError, LayerInputError, OptionError } from './errors';
export { type SeedDcganOptions, seedDcgan } from './seed-dcgan';
export { type TutorialDcganOptions, tutorialDcgan } from './tutorial-dcgan';
