/** Characters of the key handed to platforms: 128 bits of SHA-256 in hex, within Lark's 50-char `uuid`. */
export const PLATFORM_KEY_CHARS = 32;

/**
 * The idempotency key a platform gets for one outbox row: the first 32 hex digits of
 * SHA-256(idem_key). idem_key (kind:ref:platform:c|u:chatId) is unique per message and chat and
 * never changes, so every retry and every relay after a crash sends the same key.
 */
export async function platformKey(idemKey: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(idemKey)));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex.slice(0, PLATFORM_KEY_CHARS);
}
