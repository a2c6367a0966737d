// gan-train's own step (createGanStep) on the bench's models, with the step options the
// example uses: the TF tutorial's update order ('simultaneous': one G forward, both losses
// from the same pre-update networks), one D pass over [real; fake], fused Adam, and metrics
// reduced and read back every `metricsEvery` steps. `step(real)` enqueues the whole step and
// returns a promise (null on steps without a read-back), so callers can keep steps in flight.
import { createGanStep, nonSaturatingLoss } from '@ganforge/gan-train';
import { fusedAdam } from '@ganforge/kernels';

export function makeGanTrainStep(
  { generator, discriminator, latentDim, learningRate = 1e-4 },
  { order = 'simultaneous', mergeDiscriminatorPass = true, metricsEvery = 1, inFlight = 1, seed = 1 } = {},
) {
  const gOptimizer = fusedAdam(learningRate, 0.5);
  const dOptimizer = fusedAdam(learningRate, 0.5);
  const ganStep = createGanStep({
    generator,
    discriminator,
    latentDim,
    loss: nonSaturatingLoss(),
    gOptimizer,
    dOptimizer,
    order,
    mergeDiscriminatorPass,
    metricsEvery,
    inFlight,
    seed,
  });
  return {
    step: async (real) => {
      const metrics = await ganStep(real);
      return metrics && { gLoss: metrics.gLoss, dLoss: metrics.dLoss };
    },
    dispose() {
      gOptimizer.dispose();
      dOptimizer.dispose();
    },
  };
}
