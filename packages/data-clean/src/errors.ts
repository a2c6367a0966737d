import { GanforgeError } from '@ganforge/internal';

/**
 * Base class of every error thrown by `@ganforge/data-clean`, derived from the
 * house `GanforgeError`: `functionName`, `argument`, `expected`, `actual` and
 * `cause`, and a message that reads `<function>: <argument> must be <expected>, got <actual>`.
 * Under it are the house kinds (`OptionError`, `TensorError`, `ShapeError`,
 * `DtypeError`, `LimitError`, `FormatError`) and data-clean's own (`LabelError`,
 * `ReportError`, `DecodeError`, `FileError`).
 *
 * @example
 * try {
 *   await audit(images, { lables: labels });
 * } catch (error) {
 *   if (error instanceof DataCleanError) console.error(error.functionName, error.argument, error.expected, error.actual);
 * }
 */
export class DataCleanError extends GanforgeError {
  override name = 'DataCleanError';
}

/**
 * An unknown option key (with a did-you-mean), or an option value outside its domain.
 *
 * @example
 * await audit(images, { lables: labels });
 * // OptionError: audit: options.lables must be a known option (did you mean 'labels'?): ..., got the unknown key 'lables'
 */
export class OptionError extends DataCleanError {
  override name = 'OptionError';
}

/**
 * `null`, `undefined`, a non-tensor or a disposed tensor where a tensor goes.
 *
 * @example
 * const images = tf.zeros([4, 8, 8, 1]);
 * images.dispose();
 * await audit(images); // TensorError: audit: images must be a tf.Tensor that is not disposed, got disposed float32 tensor [4, 8, 8, 1]
 */
export class TensorError extends DataCleanError {
  override name = 'TensorError';
}

/**
 * A tensor of the wrong rank or shape, or shapes that disagree (e.g. 1 against 3 channels in `auditAcross`).
 *
 * @example
 * await audit(tf.zeros([28, 28, 1])); // ShapeError: audit: images must be rank 4 [batch, h, w, c], got rank 3 [28, 28, 1]
 */
export class ShapeError extends DataCleanError {
  override name = 'ShapeError';
}

/**
 * A tensor of a dtype the function cannot take (images must be float32 or int32).
 *
 * @example
 * await audit(tf.zeros([2, 8, 8, 1], 'bool')); // DtypeError: audit: images must be a float32 or int32 tensor, got dtype bool
 */
export class DtypeError extends DataCleanError {
  override name = 'DtypeError';
}

/**
 * A size past a documented limit (`LIMITS`), checked before anything is allocated:
 * a decoded image side or pixel count, a contact sheet's side, a batch size.
 *
 * @example
 * await contactSheet(images, { scale: 1e5 });
 * // LimitError: contactSheet: output must be an image side <= 16384 (LIMITS.imageSide), got shape [...]
 */
export class LimitError extends DataCleanError {
  override name = 'LimitError';
}

/**
 * Bytes that are not the format they claim (a PNG or JPEG that is truncated or corrupt).
 *
 * @example
 * decodeImage(new Uint8Array([1, 2, 3])); // DecodeError (a FormatError): decodeImage: bytes must be a PNG or JPEG image, got 3 bytes starting 01 02 03
 */
export class FormatError extends DataCleanError {
  override name = 'FormatError';
}

/**
 * Bytes that could not be decoded as a PNG or JPEG image: data-clean's kind of
 * `FormatError`. `auditFolder` records these per file instead of throwing.
 *
 * @example
 * decodeImage(new Uint8Array([1, 2, 3])); // DecodeError: decodeImage: bytes must be a PNG or JPEG image, got 3 bytes starting 01 02 03
 */
export class DecodeError extends FormatError {
  override name = 'DecodeError';
}

/**
 * Labels that do not match the images (wrong count, not finite, wrong rank).
 *
 * @example
 * await audit(images, { labels: [1, 2] }); // LabelError: audit: options.labels must be one label per image (100), got 2 labels
 */
export class LabelError extends DataCleanError {
  override name = 'LabelError';
}

/**
 * A report that does not fit the images or set it is used with (e.g. `clean`
 * with a report made for a different number of images).
 *
 * @example
 * clean(otherImages, report); // ReportError: clean: report must be a report of 64 images, got a report of 100 images
 */
export class ReportError extends DataCleanError {
  override name = 'ReportError';
}

/**
 * A folder or file that cannot be read or written (`auditFolder`'s folder is
 * missing or not a folder, a write failed); the Node error is the `cause`.
 *
 * @example
 * await auditFolder('no/such/folder'); // FileError: auditFolder: folder must be an existing folder, got 'no/such/folder' (ENOENT)
 */
export class FileError extends DataCleanError {
  override name = 'FileError';
}

