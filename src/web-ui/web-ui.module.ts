import { Module } from '@nestjs/common';
import { WebUiConfigController, WebUiPagesController } from './web-ui.controller';

// Serves the web cabinet (web/, built into dist/public) from the API process.
@Module({
  controllers: [WebUiConfigController, WebUiPagesController],
})
export class WebUiModule {}
