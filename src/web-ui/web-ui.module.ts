import { Module } from '@nestjs/common';
import { WebUiConfigController, WebUiPagesController } from './web-ui.controller';
import { WebUiFiles } from '../common/http/web-ui-files';

// Serves the web cabinet (web/, built into dist/public) from the API process.
@Module({
  controllers: [WebUiConfigController, WebUiPagesController],
  providers: [WebUiFiles],
})
export class WebUiModule {}
