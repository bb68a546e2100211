declare module 'sm-crypto' {
  const smCrypto: {
    sm2: {
      doVerifySignature(
        message: string | number[],
        signatureHex: string,
        publicKeyHex: string,
        options?: { hash?: boolean; der?: boolean; userId?: string },
      ): boolean;
    };
    sm3(data: string | number[]): string;
  };
  export default smCrypto;
}
