/** What a stand-in route answers. */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** A raw (non-JSON) body, e.g. a media file; sent with `headers['Content-Type']`. */
  readonly raw?: Buffer;
}
