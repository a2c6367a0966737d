/**
 * Gradients of tfjs's fused ops (`tf.fused.conv2d`, `tf.fused.matMul`: every tfjs-layers
 * `Conv2D` and `Dense`) that compute only the gradients the tape asks for.
 *
 * tfjs records a fused op as one `customGrad` node whose gradient computes dx, dW and the
 * bias gradient together, eagerly, whichever of them backprop needs. In a GAN step most are
 * not needed: the generator's update computes every discriminator filter gradient, and the
 * discriminator's update computes the input gradient of its first layer (the images). For the
 * TF-tutorial DCGAN that is 1.6 GFLOP a step, thrown away.
 *
 * The tape node of a customGrad op is named after its op scope (`fusedConv2d__op`,
 * `fusedMatMul__op`), and tfjs's engine gives a gradient registered under a node's name
 * precedence over the node's own. A registered gradient returns one function per input,
 * and tfjs's backprop calls only those of inputs on the path to the variables. It receives
 * the op's saved tensors (filter or b, x or a, y, bias) but not its attributes (strides,
 * padding, transposes), so the engine's `runKernel` is wrapped to remember the attributes of
 * each `FusedConv2D` / `_FusedMatMul` call made while a tape records, by the output's data.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Tape-node names of tfjs's fused ops (op scope name + '__op'). */
export const FUSED_CONV2D_NODE = 'fusedConv2d__op';
export const FUSED_MATMUL_NODE = 'fusedMatMul__op';

interface FusedConvAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dilations?: [number, number] | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  activation?: string;
}

interface FusedMatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
  activation?: string;
}

/** Attributes of fused kernel calls made under a tape, by their output's dataId. */
const attrsByData = new WeakMap<object, FusedConvAttrs | FusedMatMulAttrs>();

type RunKernel = (kernelName: string, inputs: tf.NamedTensorMap, attrs?: tf.NamedAttrMap) => tf.Tensor | tf.Tensor[];
interface EngineLike {
  runKernel: RunKernel;
  state: { gradientDepth: number };
}
let restoreEngine: (() => void) | null = null;

/** Wraps the engine's runKernel to record fused kernels' attributes (idempotent). */
export function recordFusedAttrs(): void {
  if (restoreEngine) return;
  const engine = tf.engine() as unknown as EngineLike;
  const own = Object.hasOwn(engine, 'runKernel');
  const original = engine.runKernel;
  const wrapper: RunKernel = function (this: EngineLike, kernelName, inputs, attrs) {
    const out = original.call(this, kernelName, inputs, attrs);
    if ((kernelName === tf.FusedConv2D || kernelName === tf._FusedMatMul) && this.state.gradientDepth > 0 && attrs) {
      const y = Array.isArray(out) ? out[0] : out;
      if (y) attrsByData.set(y.dataId, attrs as unknown as FusedConvAttrs);
    }
    return out;
  };
  engine.runKernel = wrapper;
  restoreEngine = () => {
    // Someone wrapped it after us: leave theirs (and ours inside it, harmless) in place.
    if (engine.runKernel !== wrapper) return;
    if (own) engine.runKernel = original;
    else delete (engine as Partial<EngineLike>).runKernel;
  };
}

/** Undoes {@link recordFusedAttrs}. */
export function stopRecordingFusedAttrs(): void {
  restoreEngine?.();
  restoreEngine = null;
}

function attrsOf<T>(y: tf.Tensor, node: string): T {
  const attrs = attrsByData.get(y.dataId);
  if (!attrs) {
    throw new Error(
      `@ganforge/kernels: no attributes recorded for this ${node} node (was it recorded before registerReductionGradients() was called?)`,
    );
  }
  return attrs as T;
}

/** dy through the fused activation: tfjs fuses only 'linear' under a tape (and 'relu' in its gradient code). */
function dyThroughActivation(dy: tf.Tensor, y: tf.Tensor, activation: string | undefined): tf.Tensor {
  if (activation == null || activation === 'linear') return dy;
  if (activation === 'relu') return tf.mul(dy, tf.step(y));
  throw new Error(`Cannot compute gradient for fused activation ${activation}.`);
}

/** tfjs's getFusedBiasGradient: dy summed over the axes the bias was broadcast along. */
function biasGradient(bias: tf.Tensor, dy: tf.Tensor): tf.Tensor {
  const axes = tf.broadcast_util.getReductionAxes(bias.shape, dy.shape);
  return tf.reshape(axes.length > 0 ? tf.sum(dy, axes) : dy, bias.shape);
}

const fusedConv2dGradient: tf.GradConfig = {
  kernelName: FUSED_CONV2D_NODE,
  gradFunc: (dy, saved) => {
    const [filter, x, y, bias] = saved as tf.Tensor4D[];
    const attrs = attrsOf<FusedConvAttrs>(y!, FUSED_CONV2D_NODE);
    const dataFormat = attrs.dataFormat ?? 'NHWC';
    if (dataFormat !== 'NHWC') {
      throw new Error(`Error in gradient of fused conv2D: got dataFormat of ${dataFormat} but only NHWC is currently supported.`);
    }
    const dilations = attrs.dilations ?? 1;
    if (!tf.backend_util.tupleValuesAreOne(dilations)) {
      throw new Error(
        `Error in gradient of fused conv2D: dilation rates greater than 1 are not yet supported in gradients. Got dilations '${dilations}'`,
      );
    }
    // Each function runs in its own tidy (tfjs's backprop), only for inputs on the path.
    const d = (): tf.Tensor4D => dyThroughActivation(tf.reshape(dy as tf.Tensor, y!.shape), y!, attrs.activation) as tf.Tensor4D;
    const common = { strides: attrs.strides, pad: attrs.pad, dataFormat: 'NHWC', dimRoundingMode: attrs.dimRoundingMode };
    const grads: Record<string, () => tf.Tensor> = {
      0: () =>
        tf.engine().runKernel(tf.Conv2DBackpropInput, { dy: d(), filter: filter! }, { ...common, inputShape: x!.shape } as unknown as tf.NamedAttrMap) as tf.Tensor,
      1: () =>
        tf.engine().runKernel(tf.Conv2DBackpropFilter, { x: x!, dy: d() }, { ...common, filterShape: filter!.shape } as unknown as tf.NamedAttrMap) as tf.Tensor,
    };
    if (bias) grads[2] = () => biasGradient(bias, d());
    return grads;
  },
};

const fusedMatMulGradient: tf.GradConfig = {
  kernelName: FUSED_MATMUL_NODE,
  gradFunc: (dy, saved) => {
    const [a, b, y, bias] = saved as tf.Tensor3D[];
    const { transposeA, transposeB, activation } = attrsOf<FusedMatMulAttrs>(y!, FUSED_MATMUL_NODE);
    const d = (): tf.Tensor3D => dyThroughActivation(tf.reshape(dy as tf.Tensor, y!.shape), y!, activation) as tf.Tensor3D;
    // The same four cases, and the same products, as tfjs's fused matMul gradient.
    const grads: Record<string, () => tf.Tensor> = {
      0: () => {
        if (!transposeA && !transposeB) return tf.matMul(d(), b!, false, true);
        if (!transposeA) return tf.matMul(d(), b!, false, false);
        if (!transposeB) return tf.matMul(b!, d(), false, true);
        return tf.matMul(b!, d(), true, true);
      },
      1: () => {
        if (!transposeA && !transposeB) return tf.matMul(a!, d(), true, false);
        if (!transposeA) return tf.matMul(d(), a!, true, false);
        if (!transposeB) return tf.matMul(a!, d(), false, false);
        return tf.matMul(d(), a!, true, true);
      },
    };
    if (bias) grads[2] = () => biasGradient(bias, d());
    return grads;
  },
};

/** The gradient configs registered by registerReductionGradients, by tape-node name. */
export const FUSED_GRADIENTS: readonly tf.GradConfig[] = [fusedConv2dGradient, fusedMatMulGradient];
