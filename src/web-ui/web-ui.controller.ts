import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiExcludeController, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { NotAudited } from '../audit';
import { Public } from '../common/security/decorators';
import { AppConfig } from '../config/app-config';
import { LOCALES } from '../config/env.schema';
import { CARD_LABELS, CARD_LOCALES, type CardLocale } from '../documents';
import { sendWebUiPage } from '../common/http/web-ui-page';
import { WebUiFiles } from '../common/http/web-ui-files';
import { UiConfig, UiConfigResponse, UiWords } from './web-ui.api';

// What the browser application needs to know before anyone logs in.
@ApiTags('web ui')
@Controller('api/v1/ui-config')
export class WebUiConfigController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  @Public()
  @NotAudited()
  @ApiOperation({ summary: 'Settings of the web cabinet: NCALayer address, languages, upload limit' })
  @ApiOkResponse({ type: UiConfigResponse })
  uiConfig(): UiConfig {
    return {
      ncaLayerUrl: this.config.webUi.ncaLayerUrl,
      ncaLayerInstallUrl: 'https://pki.gov.kz/ncalayer/',
      defaultLocale: this.config.defaultLocale,
      locales: LOCALES,
      maxUploadBytes: this.config.documents.maxBytes,
      publicUrl: this.config.http.publicUrl,
      // The document card's words for what the verifier reports, so the cabinet says the same.
      words: Object.fromEntries(
        CARD_LOCALES.map((locale) => {
          const { indication, subIndication, kzRole, action } = CARD_LABELS[locale];
          const words: UiWords = { indication, subIndication, kzRole, action };
          return [locale, words];
        }),
      ) as Record<CardLocale, UiWords>,
    };
  }
}

// The cabinet's client-side routes: each answers the application's index.html, which then
// routes in the browser. /l/:token and /verify/d/:id are served by their own controllers.
@ApiExcludeController()
@Controller()
@Public()
@NotAudited()
export class WebUiPagesController {
  constructor(private readonly files: WebUiFiles) {}

  @Get()
  root(@Res() response: Response) {
    response.redirect(302, '/app');
  }

  // Notification mails sent before their links pointed into the cabinet named
  // /documents/<id>: those still in people's inboxes open the document.
  @Get('documents/:id')
  mailedDocumentLink(@Param('id', new ParseUUIDPipe()) id: string, @Res() response: Response) {
    response.redirect(301, `/app/document/${id}`);
  }

  @Get(['app', 'app/{*path}', 'verify', 'register', 'login'])
  page(@Res() response: Response) {
    sendWebUiPage(response, this.files, 200);
  }
}
