import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { LocalObjectStorage } from './local-object-storage';
import { OBJECT_STORAGE } from './object-storage.port';
import { S3ObjectStorage } from './s3-object-storage';

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
export class StorageModule {}
