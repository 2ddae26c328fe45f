import { Module } from '@nestjs/common';
import { WebUiConfigController, WebUiPagesController } from './web-ui.controller';
import { WebUiFiles } from './web-ui.files';

// Serves the web cabinet (web/, built into dist/public) from the API process.
@Module({
  controllers: [WebUiConfigController, WebUiPagesController],
  providers: [WebUiFiles],
  exports: [WebUiFiles],
})
export class WebUiModule {}
