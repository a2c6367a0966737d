/** Progress of one download, reported as bytes arrive. */
export interface MnistProgress {
  /** The file being fetched, e.g. `train-images-idx3-ubyte.gz`. */
  file: string;
  /** The URL being fetched. */
  url: string;
  /** Bytes received so far. */
  receivedBytes: number;
  /** The size the server announced (Content-Length), if any. */
  totalBytes: number | undefined;
}

/**
 * Fetches `url` with the global `fetch`, aborting when no byte arrives for
 * `timeoutMs`. Rejects on an HTTP error status, a timeout, a body shorter
 * or longer than its Content-Length, or one larger than `maxBytes` (checked
 * against Content-Length before reading, and as bytes arrive), with an Error
 * whose message says which.
 */
export async function fetchBytes(
  url: string,
  file: string,
  timeoutMs: number,
  maxBytes: number,
  onProgress: ((progress: MnistProgress) => void) | undefined,
): Promise<Uint8Array> {
  const controller = new AbortController();
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
  };
  arm();
  try {
    const response = await fetch(url, { signal: controller.signal, redirect: 'follow' });
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      throw new Error(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    }
    const lengthHeader = response.headers.get('content-length');
    // A Content-Encoding makes fetch decode the body, so its length no longer matches the header.
    const totalBytes =
      lengthHeader !== null && !response.headers.get('content-encoding') ? Number(lengthHeader) : undefined;
    if (totalBytes !== undefined && totalBytes > maxBytes) {
      await response.body?.cancel().catch(() => {});
      throw new Error(`${totalBytes} bytes announced, more than options.maxBytes (${maxBytes})`);
    }
    const chunks: Uint8Array[] = [];
    let receivedBytes = 0;
    if (response.body) {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        arm();
        chunks.push(value);
        receivedBytes += value.length;
        if (receivedBytes > maxBytes) {
          await reader.cancel().catch(() => {});
          throw new Error(`more than options.maxBytes (${maxBytes}) bytes sent`);
        }
        onProgress?.({ file, url, receivedBytes, totalBytes });
      }
    }
    if (totalBytes !== undefined && receivedBytes !== totalBytes) {
      throw new Error(`transfer cut short: ${receivedBytes} of ${totalBytes} bytes`);
    }
    const out = new Uint8Array(receivedBytes);
    let offset = 0;
    for (const chunk of chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  } catch (error) {
    if (timedOut) throw new Error(`no data for ${timeoutMs} ms, gave up`, { cause: error });
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** A readable reason for a failed fetch (undici hides the socket error in `cause`). */
export function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  if (error.message === 'fetch failed' && cause) return `fetch failed (${cause.code ?? cause.message ?? 'network error'})`;
  if (error.message === 'terminated' || cause?.message === 'other side closed') {
    return `transfer cut short (${cause?.message ?? error.message})`;
  }
  return error.message;
}
