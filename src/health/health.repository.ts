import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

@Injectable()
export class HealthRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // The cheapest statement that needs a pooled connection and an answering server.
  async pingDatabase(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
