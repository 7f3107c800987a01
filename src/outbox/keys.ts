/**
 * Most characters of the key handed to platforms: 128 bits of SHA-256 in hex. A platform that
 * accepts longer keys (Lark's 50-char `uuid`) still gets these 32, so every key already sent
 * stays the key of its row; one that accepts fewer gets a prefix, one that takes none gets ''.
 */
export const PLATFORM_KEY_CHARS = 32;

/**
 * The idempotency key a platform gets for one outbox row: the first `chars` (at most 32) hex
 * digits of SHA-256(idem_key). idem_key (kind:ref:platform:c|u:chatId) is unique per message and
 * chat and never changes, so every retry and every relay after a crash sends the same key.
 */
export async function platformKey(idemKey: string, chars = PLATFORM_KEY_CHARS): Promise<string> {
  const n = Math.max(0, Math.min(chars, PLATFORM_KEY_CHARS));
  if (n === 0) return '';
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(idemKey)));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex.slice(0, n);
}
