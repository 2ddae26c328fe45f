import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { contentDisposition } from '../common/files/content-sniffer';

// A stored document streamed to the client: the sniffed type (never re-sniffed by the browser),
// its size, and the original name only in Content-Disposition.
export async function sendStoredFile(
  response: Response,
  document: { contentType: string; size: string | number; fileName: string },
  body: Readable,
): Promise<void> {
  response
    .status(200)
    .setHeader('Content-Type', document.contentType)
    .setHeader('Content-Length', document.size)
    .setHeader('Content-Disposition', contentDisposition(document.fileName))
    .setHeader('X-Content-Type-Options', 'nosniff');
  await pipeline(body, response);
}
