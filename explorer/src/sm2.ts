// SM2 seal verification in the browser (sm-crypto): signature `r ‖ s` over
// SM3(Z_A ‖ message) with the default user id, as the runtime verifies it (libsm).

import smCrypto from 'sm-crypto';

const hex = (u8a: Uint8Array) => Array.from(u8a, (b) => b.toString(16).padStart(2, '0')).join('');

export function verifySeal(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return smCrypto.sm2.doVerifySignature(Array.from(message), hex(signature), hex(publicKey), { hash: true });
  } catch {
    return false;
  }
}

/** SM3 of `data`. */
export function sm3(data: Uint8Array): Uint8Array {
  const out = smCrypto.sm3(Array.from(data)) as string;
  return Uint8Array.from(out.match(/../g) ?? [], (x) => parseInt(x, 16));
}
