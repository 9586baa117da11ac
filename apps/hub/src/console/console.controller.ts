import { Controller, Get, Header, Inject, Param, Req, Res } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@hub/config';
import { CONSOLE_ASSETS } from './console.tokens.js';
import type { ConsoleAssets } from './console-assets.js';
import { consoleCsp } from './content-security-policy.js';

/** What the controller uses of Express's request and response. */
interface Request {
  headers: { host?: string };
}
interface Response {
  status(code: number): Response;
  set(headers: Record<string, string>): Response;
  send(body: Buffer | string | object): Response;
}

/** Headers of every console page: its CSP and the browser's other safety switches. */
const pageHeaders = (csp: string): Record<string, string> => ({
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-cache',
  'content-security-policy': csp,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
});

const NOT_BUILT = {
  statusCode: 503,
  code: 'CONSOLE_NOT_BUILT',
  message: 'the web console is not built: run `npm run build` (it writes dist/console)',
};

/**
 * The web console (apps/console): one page at `/` and `/register` (hash routes inside it), its
 * bundles under `/assets/`, and the few settings it needs at `/console/config.json`.
 */
@Controller()
export class ConsoleController {
  constructor(
    @Inject(CONSOLE_ASSETS) private readonly assets: ConsoleAssets,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  @Get()
  home(@Req() req: Request, @Res() res: Response): void {
    this.page(req, res);
  }

  @Get('register')
  register(@Req() req: Request, @Res() res: Response): void {
    this.page(req, res);
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() res: Response): void {
    const file = this.assets.files.get(name);
    if (!file) {
      res.status(404).send({
        statusCode: 404,
        code: 'NOT_FOUND',
        message: `no console asset "${name}"`,
      });
      return;
    }
    // Vite puts a content hash in every asset name: a changed file gets a new name.
    res
      .set({
        'content-type': file.type,
        'cache-control': 'public, max-age=31536000, immutable',
        'x-content-type-options': 'nosniff',
      })
      .send(file.body);
  }

  @Get('console/config.json')
  @Header('cache-control', 'no-cache')
  settings(): { mapTileUrl: string | null; graphqlPath: string } {
    return { mapTileUrl: this.config.console.mapTileUrl ?? null, graphqlPath: '/graphql' };
  }

  private page(req: Request, res: Response): void {
    if (!this.assets.indexHtml) {
      res.status(503).send(NOT_BUILT);
      return;
    }
    res
      .set(pageHeaders(consoleCsp(req.headers.host, this.config.console.mapTileUrl)))
      .send(this.assets.indexHtml);
  }
}
