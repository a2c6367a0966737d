/** A gzipped data file imported as bytes (esbuild's `binary` loader; browser build only). */
declare module '*.gz' {
  const bytes: Uint8Array;
  export default bytes;
}
