// The thumbnail thread (src/runtime/files/thumbnailer.ts starts it): jimp decodes and scales in
// pure JavaScript, about a second for a 6-megapixel JPEG, so it runs here and never blocks the
// thread that answers messages. Plain JavaScript: Node loads it as it is, under tsx and vitest alike.
import { parentPort } from 'node:worker_threads';
import { Jimp } from 'jimp';

parentPort.on('message', async ({ id, bytes, maxSide }) => {
  try {
    const img = await Jimp.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (img.width > maxSide || img.height > maxSide) img.scaleToFit({ w: maxSide, h: maxSide });
    // JPEG has no transparency: transparent parts of a PNG or GIF are shown on white.
    const flat = new Jimp({ width: img.width, height: img.height, color: 0xffffffff });
    flat.composite(img, 0, 0);
    const out = await flat.getBuffer('image/jpeg', { quality: 80 });
    const data = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    parentPort.postMessage({ id, ok: true, bytes: data, width: flat.width, height: flat.height }, [data.buffer]);
  } catch (err) {
    parentPort.postMessage({ id, ok: false, error: String(err?.message ?? err) });
  }
});
