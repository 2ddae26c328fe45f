import { Global, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { LocalObjectStorage } from './local-object-storage';
import { OBJECT_STORAGE, ObjectStorage } from './object-storage.port';
import { S3ObjectStorage } from './s3-object-storage';

// A put writes for as long as its upload runs: what was not written to for this long is a
// leftover of a killed process. Measured on the files' own (wall) clock.
const INCOMPLETE_UPLOAD_AGE_MS = 3_600_000;

export async function sweepIncompleteUploads(storage: ObjectStorage): Promise<number> {
  return (await storage.sweepIncomplete?.(new Date(Date.now() - INCOMPLETE_UPLOAD_AGE_MS))) ?? 0;
}

@Global()
@Module({
  providers: [
    {
      provide: OBJECT_STORAGE,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        config.storage.driver === 's3' ? new S3ObjectStorage(config.storage) : new LocalObjectStorage(config.storage.dir),
    },
  ],
  exports: [OBJECT_STORAGE],
})
export class StorageModule implements OnApplicationBootstrap {
  constructor(@Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage) {}

  // At start, besides the hourly maintenance run: a restart after a crash clears its leftovers.
  async onApplicationBootstrap() {
    const removed = await sweepIncompleteUploads(this.storage).catch((error: Error) => {
      new Logger('Storage').warn(`could not sweep unfinished uploads: ${error.message}`);
      return 0;
    });
    if (removed > 0) new Logger('Storage').log(`removed ${removed} unfinished upload(s) left by a stopped process`);
  }
}
