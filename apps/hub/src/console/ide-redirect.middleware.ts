/** What the middleware uses of Express's request and response. */
interface Request {
  method: string;
  headers: { accept?: string; upgrade?: string };
  query?: Record<string, unknown>;
}
interface Response {
  redirect(status: number, url: string): void;
}

/**
 * A browser that opens /graphql (a GET asking for HTML, with no query) is sent to the console's
 * bundled IDE. GraphQL GET requests (with `?query=`) and websocket upgrades pass through.
 */
export function ideRedirect(req: Request, res: Response, next: () => void): void {
  const wantsHtml = (req.headers.accept ?? '').includes('text/html');
  const hasQuery = req.query !== undefined && req.query.query !== undefined;
  if (req.method === 'GET' && wantsHtml && !hasQuery && !req.headers.upgrade) {
    res.redirect(302, '/#/ide');
    return;
  }
  next();
}
