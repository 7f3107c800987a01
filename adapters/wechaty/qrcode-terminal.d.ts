declare module 'qrcode-terminal' {
  /** Draws `text` as a QR code with block characters and hands the drawing to `cb` (or prints it). */
  export function generate(text: string, opts?: { small?: boolean }, cb?: (drawing: string) => void): void;
  const qrcode: { generate: typeof generate };
  export default qrcode;
}
