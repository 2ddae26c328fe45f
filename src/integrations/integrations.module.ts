import { Logger, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { EventsController } from './events.controller';
import { IntegrationsRepository } from './integrations.repository';
import { FeedWriter } from './feed-writer';
import { NotificationPreferencesController } from './notification-preferences.controller';
import { NotificationsService } from './notifications.service';
import { OrganizationEventsService } from './organization-events.service';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookSecretBox } from './webhook-secret-box';
import { HttpWebhookSender } from './webhook-http-sender';
import { WEBHOOK_SENDER } from './webhook-sender.port';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

// The per-organization event feed, webhooks and notification e-mails (issue 5, items 8–9).
@Module({
  controllers: [EventsController, WebhooksController, NotificationPreferencesController],
  providers: [
    IntegrationsRepository,
    OrganizationEventsService,
    FeedWriter,
    WebhooksService,
    WebhookDispatcher,
    NotificationsService,
    {
      provide: WEBHOOK_SENDER,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new HttpWebhookSender({
          allowPrivateAddresses: config.integrations.webhookAllowPrivateAddresses,
          localAddress: config.integrations.webhookLocalAddress,
        }),
    },
    {
      provide: WebhookSecretBox,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const key = config.integrations.webhookSecretKey;
        if (key) return new WebhookSecretBox(key);
        if (config.isProduction) throw new Error('WEBHOOK_SECRET_KEY is required when NODE_ENV=production');
        if (config.env !== 'test') {
          new Logger('Webhooks').warn(
            'WEBHOOK_SECRET_KEY is not set: webhook secrets are encrypted with the public development key',
          );
        }
        return new WebhookSecretBox(WebhookSecretBox.developmentKey());
      },
    },
  ],
  exports: [OrganizationEventsService, FeedWriter],
})
export class IntegrationsModule {}
