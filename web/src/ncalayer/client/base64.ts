// Base64 without Node's Buffer, so the client runs in the browser as is (btoa exists in both).

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function isBase64(text: string): boolean {
  return text.length > 0 && BASE64.test(text);
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunks keep String.fromCharCode under the engines' argument-count limits on large documents.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function textToBase64(text: string): string {
  return bytesToBase64(new TextEncoder().encode(text));
}

// The PEM labels a CMS SignedData comes under (RFC 7468 §9: "CMS"; "PKCS7" is the older name).
const CMS_PEM = /^-----BEGIN (CMS|PKCS7)-----([\s\S]*?)-----END \1-----$/;

// A CMS as NCALayer hands it over, as bare base64 (no line breaks), or undefined when it is
// neither: the real basics.sign answers PEM ("-----BEGIN CMS-----", the body wrapped in lines, any
// line ending), older modules and the emulator's bare-base64 mode answer base64, which Java's MIME
// encoder may also wrap in CRLF lines.
export function cmsToBase64(text: string): string | undefined {
  const trimmed = text.trim();
  const pem = CMS_PEM.exec(trimmed);
  if (trimmed.startsWith('-----') && !pem) return undefined;
  const body = (pem ? pem[2] : trimmed).replace(/[ \t\r\n]+/g, '');
  return isBase64(body) ? body : undefined;
}
