import { describe, expect, it } from 'vitest';
import { createKeyring, isSealed, SealError } from '../../../src/services/crypto.js';

const KEY_A = Buffer.from(new Uint8Array(32).fill(1)).toString('base64');
const KEY_B = Buffer.from(new Uint8Array(32).fill(2)).toString('base64');

describe('field encryption (AES-GCM via WebCrypto)', () => {
  it('round-trips, with a fresh IV every time and no plaintext in the output', async () => {
    const ring = (await createKeyring(KEY_A))!;
    const a = await ring.seal('王秀英', 'need:1:name');
    const b = await ring.seal('王秀英', 'need:1:name');
    expect(a).not.toBe(b);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
    expect(isSealed(a)).toBe(true);
    expect(a).not.toContain('王秀英');
    expect(a.startsWith(`enc1.${ring.currentId}.`)).toBe(true);
    expect(Buffer.from(a.split('.')[2]!, 'base64url')).toHaveLength(12);
    expect(await ring.open(a, 'need:1:name')).toBe('王秀英');
  });

  it('refuses a value moved to another row or field, a tampered one and an unknown key', async () => {
    const ring = (await createKeyring(KEY_A))!;
    const sealed = await ring.seal('13812345678', 'need:1:phone');
    await expect(ring.open(sealed, 'need:2:phone')).rejects.toBeInstanceOf(SealError);
    await expect(ring.open(sealed, 'need:1:name')).rejects.toBeInstanceOf(SealError);
    const parts = sealed.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    parts[3] = ct.toString('base64url');
    await expect(ring.open(parts.join('.'), 'need:1:phone')).rejects.toThrow(/tampered/);
    const other = (await createKeyring(KEY_B))!;
    await expect(other.open(sealed, 'need:1:phone')).rejects.toThrow(/unknown key/);
    await expect(ring.open('13812345678', 'need:1:phone')).rejects.toThrow(/not a sealed value/);
  });

  it('rotates: the new key seals, old values still open with the old key listed as previous', async () => {
    const old = (await createKeyring(KEY_A))!;
    const sealedOld = await old.seal('阳光小区3号楼', 'need:1:address');
    const rotated = (await createKeyring(KEY_B, [KEY_A]))!;
    expect(rotated.currentId).not.toBe(old.currentId);
    expect(await rotated.open(sealedOld, 'need:1:address')).toBe('阳光小区3号楼');
    const sealedNew = await rotated.seal('阳光小区3号楼', 'need:1:address');
    expect(sealedNew.split('.')[1]).toBe(rotated.currentId);
  });

  it('gives no keyring without a key, and refuses a key of the wrong size', async () => {
    expect(await createKeyring(undefined)).toBeNull();
    await expect(createKeyring(Buffer.from('short').toString('base64'))).rejects.toThrow(/32 bytes/);
  });
});
