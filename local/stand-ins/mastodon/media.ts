/**
 * Media attachments in the Mastodon sandbox (https://docs.joinmastodon.org/methods/media/):
 * POST /api/v2/media uploads a file (multipart `file`, `description`); the attachment is 200 with its
 * `url` when processed synchronously, else 202 with `url: null` until GET /api/v1/media/:id answers 200
 * instead of 206. Statuses attach up to 4 processed, unattached attachments of their own account.
 */
import type { Reply } from './reply.js';

export const MAX_MEDIA_ATTACHMENTS = 4;
const MAX_DESCRIPTION = 1500;

export type MediaType = 'image' | 'gifv' | 'video';

export interface SandboxMedia {
  readonly id: string;
  readonly accountId: string;
  readonly type: MediaType;
  readonly mimeType: string;
  readonly fileName: string;
  readonly size: number;
  readonly description: string | null;
  readonly createdAt: string;
  /** Epoch ms at which processing finishes (`url` appears). */
  readonly processedAt: number;
  readonly width: number | null;
  readonly height: number | null;
  statusId: string | null;
}

const NOT_READY = 'Cannot attach files that have not finished processing. Try again in a moment!';

export class MediaStore {
  readonly items = new Map<string, SandboxMedia>();
  private readonly bytes = new Map<string, Buffer>();

  constructor(
    private readonly origin: () => string,
    private readonly now: () => number,
    private readonly nextId: () => string,
    private readonly processingMs: number,
  ) {}

  /** POST /api/v2/media: validates the file as Mastodon's Paperclip would, then stores it. */
  async upload(accountId: string, file: unknown, description: unknown): Promise<Reply> {
    if (!(file instanceof Blob)) return { status: 422, body: { error: "Validation failed: File can't be blank" } };
    const data = Buffer.from(await file.arrayBuffer());
    const kind = sniff(data);
    if (!kind) return { status: 422, body: { error: 'Validation failed: File content type is invalid, File is invalid' } };
    if (typeof description === 'string' && description.length > MAX_DESCRIPTION) {
      return { status: 422, body: { error: `Validation failed: Description is too long (maximum is ${MAX_DESCRIPTION} characters)` } };
    }
    const id = this.nextId();
    const dimensions = kind.mime === 'image/png' && data.length >= 24 ? { width: data.readUInt32BE(16), height: data.readUInt32BE(20) } : undefined;
    const media: SandboxMedia = {
      id,
      accountId,
      type: kind.type,
      mimeType: kind.mime,
      fileName: `${id}.${kind.mime.split('/')[1] ?? 'bin'}`,
      size: data.length,
      description: typeof description === 'string' && description !== '' ? description : null,
      createdAt: new Date(this.now()).toISOString(),
      processedAt: this.now() + this.processingMs,
      width: dimensions?.width ?? null,
      height: dimensions?.height ?? null,
      statusId: null,
    };
    this.items.set(id, media);
    this.bytes.set(id, data);
    return { status: this.ready(media) ? 200 : 202, body: this.render(media) };
  }

  /** GET /api/v1/media/:id for its uploader: 206 while processing, 200 once `url` is set. */
  fetch(accountId: string, id: string): Reply {
    const media = this.items.get(id);
    if (!media || media.accountId !== accountId) return { status: 404, body: { error: 'Record not found' } };
    return { status: this.ready(media) ? 200 : 206, body: this.render(media) };
  }

  /** The stored file, served publicly like Mastodon's /system/media_attachments. */
  file(id: string): { media: SandboxMedia; data: Buffer } | undefined {
    const media = this.items.get(id);
    const data = this.bytes.get(id);
    return media && data && this.ready(media) ? { media, data } : undefined;
  }

  ready(media: SandboxMedia): boolean {
    return this.now() >= media.processedAt;
  }

  /**
   * Mastodon's PostStatusService: more than 4 ids is an error; ids that are not the account's own,
   * unattached attachments are ignored; an attachment still processing is an error.
   */
  resolve(accountId: string, ids: readonly string[]): { media: SandboxMedia[] } | { error: Reply } {
    if (ids.length > MAX_MEDIA_ATTACHMENTS) return { error: { status: 422, body: { error: `Cannot attach more than ${MAX_MEDIA_ATTACHMENTS} files.` } } };
    const media = ids
      .map((id) => this.items.get(id))
      .filter((m): m is SandboxMedia => m !== undefined && m.accountId === accountId && m.statusId === null);
    if (media.some((m) => !this.ready(m))) return { error: { status: 422, body: { error: NOT_READY } } };
    return { media };
  }

  render(media: SandboxMedia): Record<string, unknown> {
    const base = `${this.origin()}/system/media_attachments/files/${media.id}`;
    const original = media.width && media.height
      ? { original: { width: media.width, height: media.height, size: `${media.width}x${media.height}`, aspect: media.width / media.height } }
      : {};
    return {
      id: media.id,
      type: media.type,
      url: this.ready(media) ? `${base}/original/${media.fileName}` : null,
      preview_url: `${base}/small/${media.fileName}`,
      remote_url: null,
      preview_remote_url: null,
      text_url: null,
      meta: original,
      description: media.description,
      blurhash: null,
    };
  }
}

function sniff(data: Buffer): { mime: string; type: MediaType } | undefined {
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { mime: 'image/png', type: 'image' };
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return { mime: 'image/jpeg', type: 'image' };
  if (data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP') return { mime: 'image/webp', type: 'image' };
  if (data.subarray(0, 4).toString('latin1') === 'GIF8') return { mime: 'image/gif', type: 'gifv' };
  if (data.subarray(4, 8).toString('latin1') === 'ftyp') return { mime: 'video/mp4', type: 'video' };
  return undefined;
}
