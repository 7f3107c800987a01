// What a kept file may be: a photo (JPEG, PNG, GIF: what Word shows in the .docx record) or a
// PDF (a scanned sign-in sheet, the meeting's material). The type is read from the bytes with
// file-type (magic numbers), never taken from the name or the platform's word; a name whose
// extension says otherwise (a renamed file) is refused too.
import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';
import { recordsError } from './errors.js';

export interface KeptType {
  mime: string;
  ext: string;
  kind: 'image' | 'file';
}

/** The types kept, by the MIME type file-type reads. */
export const KEPT_TYPES: ReadonlyMap<string, KeptType> = new Map<string, KeptType>([
  ['image/jpeg', { mime: 'image/jpeg', ext: 'jpg', kind: 'image' }],
  ['image/png', { mime: 'image/png', ext: 'png', kind: 'image' }],
  ['image/gif', { mime: 'image/gif', ext: 'gif', kind: 'image' }],
  ['application/pdf', { mime: 'application/pdf', ext: 'pdf', kind: 'file' }],
]);

/** Extensions that name a type; a name with one of them must match the bytes. */
const EXTENSIONS: ReadonlyMap<string, string> = new Map([
  ['jpg', 'jpg'],
  ['jpeg', 'jpg'],
  ['jfif', 'jpg'],
  ['png', 'png'],
  ['gif', 'gif'],
  ['pdf', 'pdf'],
  ['webp', 'webp'],
  ['heic', 'heic'],
  ['bmp', 'bmp'],
  ['txt', 'txt'],
  ['doc', 'doc'],
  ['docx', 'docx'],
  ['xls', 'xls'],
  ['xlsx', 'xlsx'],
  ['zip', 'zip'],
  ['exe', 'exe'],
  ['apk', 'apk'],
]);

function extensionOf(name: string | null): string | null {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(name ?? '');
  return m ? (EXTENSIONS.get(m[1]!.toLowerCase()) ?? null) : null;
}

/**
 * The kept type of `bytes`, or a refusal: bytes of no kept type, an image message that is not a
 * photo, or a name whose extension names another type.
 */
export async function checkFileType(
  bytes: Uint8Array,
  announced: { kind: 'image' | 'file'; name: string | null },
): Promise<KeptType> {
  const read = await fileTypeFromBuffer(bytes);
  const type = read ? KEPT_TYPES.get(read.mime) : undefined;
  const named = extensionOf(announced.name);
  const refuse = () =>
    recordsError('records.file_type', {
      name: announced.name,
      detected: read?.ext ?? null,
      image: announced.kind === 'image',
    });
  if (!type) throw refuse();
  if (announced.kind === 'image' && type.kind !== 'image') throw refuse();
  if (named !== null && named !== type.ext) throw refuse();
  return type;
}

/** Hex SHA-256 of the bytes (WebCrypto, on Node and Workers): the file's key in the store. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Width and height of a kept photo from its header (image-size), or null when it cannot be read. */
export function imageDimensions(bytes: Uint8Array): { width: number; height: number } | null {
  try {
    const d = imageSize(bytes);
    // EXIF orientations 5-8 turn the picture a quarter: shown, width and height swap.
    const turned = d.orientation !== undefined && d.orientation >= 5;
    return d.width && d.height ? { width: turned ? d.height : d.width, height: turned ? d.width : d.height } : null;
  } catch {
    return null;
  }
}
