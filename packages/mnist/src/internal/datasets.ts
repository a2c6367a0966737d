/**
 * The datasets loadMnist knows: file names, standard mirrors and recorded
 * SHA-256 digests.
 *
 * Digests, and where each comes from:
 * - `sha256` is the digest of the DECOMPRESSED file (a re-gzipped copy still
 *   passes). `gzSha256` is the digest of the `.gz` file as published; it is
 *   checked only where the decompressed digest is unknown, so for those files
 *   only the original `.gz` passes.
 * - Fashion-MNIST: decompressed digests computed from Debian's
 *   `dataset-fashion-mnist` files (/usr/share/datasets/fashion-mnist/). Debian
 *   re-gzipped them (their .gz MD5s differ from Zalando's), so no .gz digest
 *   is recorded.
 * - MNIST: decompressed digests of train-images, train-labels and t10k-images
 *   from the Git LFS pointers of the uncompressed files in Hugging Face repos
 *   holding torchvision's MNIST/raw folder (chrisjay/mnist-adversarial; the
 *   train-images and t10k-images digests also in dmitva/the-mnist-database),
 *   whose .gz siblings carry the published .gz digests below. No decompressed
 *   digest of t10k-labels was found, so that file is checked by its .gz
 *   digest. The .gz digests are the ones TensorFlow Datasets publishes for
 *   the ossci-datasets / cvdf mirrors.
 * - KMNIST: no decompressed digests were found; the .gz digests are those
 *   recorded by torchvision-ruby (ankane/torchvision-ruby,
 *   lib/torchvision/datasets/kmnist.rb), the t10k-images one also matching the
 *   Git LFS pointer in tanganke/kmnist on Hugging Face.
 */

export type MnistDataset = 'mnist' | 'fashion-mnist' | 'kmnist';
export type MnistSplitName = 'train' | 'test';

export interface FileDigest {
  /** SHA-256 of the decompressed file, hex. */
  sha256?: string;
  /** SHA-256 of the published .gz file, hex. */
  gzSha256?: string;
}

export interface DatasetInfo {
  /** Base URLs; a file is fetched at `<mirror><file>.gz`. */
  mirrors: string[];
  /** Digests by uncompressed file name. */
  digests: Record<string, FileDigest>;
}

export const DATASET_NAMES: readonly MnistDataset[] = ['mnist', 'fashion-mnist', 'kmnist'];
export const SPLIT_NAMES: readonly MnistSplitName[] = ['train', 'test'];

/** Uncompressed file names of a split; the same for the three datasets. */
export function splitFiles(split: MnistSplitName): { images: string; labels: string } {
  const prefix = split === 'train' ? 'train' : 't10k';
  return { images: `${prefix}-images-idx3-ubyte`, labels: `${prefix}-labels-idx1-ubyte` };
}

export const DATASETS: Record<MnistDataset, DatasetInfo> = {
  mnist: {
    mirrors: ['https://ossci-datasets.s3.amazonaws.com/mnist/', 'https://storage.googleapis.com/cvdf-datasets/mnist/'],
    digests: {
      'train-images-idx3-ubyte': {
        sha256: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
        gzSha256: '440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609',
      },
      'train-labels-idx1-ubyte': {
        sha256: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
        gzSha256: '3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c',
      },
      't10k-images-idx3-ubyte': {
        sha256: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
        gzSha256: '8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6',
      },
      't10k-labels-idx1-ubyte': {
        gzSha256: 'f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6',
      },
    },
  },
  'fashion-mnist': {
    mirrors: ['http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'],
    digests: {
      'train-images-idx3-ubyte': { sha256: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888' },
      'train-labels-idx1-ubyte': { sha256: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9' },
      't10k-images-idx3-ubyte': { sha256: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b' },
      't10k-labels-idx1-ubyte': { sha256: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34' },
    },
  },
  kmnist: {
    mirrors: ['https://codh.rois.ac.jp/kmnist/dataset/kmnist/'],
    digests: {
      'train-images-idx3-ubyte': { gzSha256: '51467d22d8cc72929e2a028a0428f2086b092bb31cfb79c69cc0a90ce135fde4' },
      'train-labels-idx1-ubyte': { gzSha256: 'e38f9ebcd0f3ebcdec7fc8eabdcdaef93bb0df8ea12bee65224341c8183d8e17' },
      't10k-images-idx3-ubyte': { gzSha256: 'edd7a857845ad6bb1d0ba43fe7e794d164fe2dce499a1694695a792adfac43c5' },
      't10k-labels-idx1-ubyte': { gzSha256: '20bb9a0ef54c7db3efc55a92eef5582c109615df22683c380526788f98e42a1c' },
    },
  },
};
