/** An error with an HTTP status, thrown by handlers and turned into a page once, in app.onError. */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 405 | 409 | 413 | 422 | 429,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what = 'Not found') => new HttpError(404, what);
export const badRequest = (why: string) => new HttpError(400, why);
