import { DynamicModule, Global, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { buildDataSourceOptions, EntityList } from './database-options';
import { EmbeddedPostgres } from './embedded-postgres';
import { runMigrationsUnderLock } from './migration-runner';

// Where the database is: the configured server, or the embedded one this process started.
export class DatabaseEndpoint {
  constructor(
    readonly url: string,
    readonly mode: 'embedded' | 'external',
    readonly embedded?: EmbeddedPostgres,
  ) {}
}

@Module({
  providers: [
    {
      provide: DatabaseEndpoint,
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => {
        if (config.database.mode === 'external') return new DatabaseEndpoint(config.database.url, 'external');
        const embedded = new EmbeddedPostgres(config.database.dataDir, config.database.port);
        const url = await embedded.start();
        new Logger('Database').log(`embedded PostgreSQL (PGlite) on ${url.split('@')[1]}, data in ${config.database.dataDir}`);

        return new DatabaseEndpoint(url, 'embedded', embedded);
      },
    },
  ],
  exports: [DatabaseEndpoint],
})
class DatabaseEndpointModule {}

// Closes the pool first, then stops the embedded server it talks to.
@Injectable()
class EmbeddedPostgresShutdown implements OnApplicationShutdown {
  constructor(
    private readonly endpoint: DatabaseEndpoint,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationShutdown() {
    if (!this.endpoint.embedded) return;
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.endpoint.embedded.stop();
  }
}

@Global()
@Module({})
export class DatabaseModule {
  // `entities`: every module's tables, given by the composition root (src/entities.ts).
  static forRoot(entities: EntityList): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        DatabaseEndpointModule,
        TypeOrmModule.forRootAsync({
          imports: [DatabaseEndpointModule],
          inject: [AppConfig, DatabaseEndpoint],
          useFactory: async (config: AppConfig, endpoint: DatabaseEndpoint) => {
            const options = buildDataSourceOptions(endpoint.url, config.database.poolSize, {
              entities,
              preparedStatements: config.database.mode === 'external' && config.database.preparedStatements,
            });
            // Migrate before the application's DataSource exists, so nothing ever queries an
            // old schema.
            if (config.database.runMigrationsOnStart) {
              const migrator = await new DataSource({ ...options, extra: { max: 2 } }).initialize();
              try {
                const applied = await runMigrationsUnderLock(migrator);
                if (applied.length) new Logger('Database').log(`applied migrations: ${applied.join(', ')}`);
              } finally {
                await migrator.destroy();
              }
            }

            return options;
          },
        }),
      ],
      providers: [EmbeddedPostgresShutdown],
      exports: [DatabaseEndpointModule],
    };
  }
}
