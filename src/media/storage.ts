/**
 * Where uploaded media (image renditions, podcast audio and artwork) are
 * kept: a folder (DATA_DIR/media, the default) or an S3-compatible bucket
 * (AWS S3, Cloudflare R2, MinIO…), chosen by MEDIA_STORE. Everything that
 * writes or reads media goes through one MediaStorage, passed in with the
 * app's deps. Keys are relative and made by us (`{id}-800.webp`,
 * `podcasts/{id}.mp3`); nothing a user sends ever becomes a key.
 */
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { Logger } from 'pino';

/** What is known of a stored object without reading it. */
export interface MediaObjectInfo {
  size: number;
  modified: Date;
}

/** Bytes start..end, inclusive. */
export interface MediaRange {
  start: number;
  end: number;
}

export interface MediaStorage {
  /** Where the media are, for messages and logs (a folder, or s3://bucket/prefix). */
  readonly location: string;
  /** Writes one object, replacing any of that key. */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** Size and modification time, or undefined when there is no such object. */
  stat(key: string): Promise<MediaObjectInfo | undefined>;
  /** The object's bytes (or a range of them) as a web stream; undefined when there is none. */
  read(key: string, range?: MediaRange): Promise<ReadableStream<Uint8Array> | undefined>;
  /** Removes objects; missing ones are no error. */
  remove(keys: readonly string[]): Promise<void>;
}

/** The media store could not be written or read: its words, and where it is. */
export class MediaStorageError extends Error {
  constructor(location: string, cause: unknown) {
    super(`The media store (${location}) failed: ${describe(cause)}`, { cause });
    this.name = 'MediaStorageError';
  }
}

function describe(error: unknown): string {
  if (error instanceof S3ServiceException) return `${error.name}: ${error.message}`;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code)
      ? `${code} ${error.message}`
      : error.message;
  }
  return String(error);
}

/** The type each kind of media file is served and stored with. */
const CONTENT_TYPES: Record<string, string> = {
  webp: 'image/webp',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  avif: 'image/avif',
  png: 'image/png',
  mp3: 'audio/mpeg',
  m4a: 'audio/x-m4a',
};

export const contentTypeOf = (key: string) =>
  CONTENT_TYPES[key.slice(key.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream';

const KEY = /^(?:podcasts\/)?[0-9a-z][0-9a-z.-]{0,100}$/;

/** Keys are ours; anything else is refused before it names a file or an object. */
export function isMediaKey(key: string): boolean {
  return KEY.test(key) && !key.includes('..');
}

function checkKey(key: string): void {
  if (!isMediaKey(key)) throw new Error(`not a media key: ${key}`);
}

/**
 * Writes every object (key → bytes and type); when one fails, removes those
 * already written and throws a MediaStorageError, so nothing half-written
 * remains.
 */
export async function putAll(
  storage: MediaStorage,
  objects: Iterable<{ key: string; bytes: Buffer; contentType: string }>,
): Promise<void> {
  const written: string[] = [];
  try {
    for (const object of objects) {
      await storage.put(object.key, object.bytes, object.contentType);
      written.push(object.key);
    }
  } catch (error) {
    await storage.remove(written).catch(() => {});
    throw error instanceof MediaStorageError ? error : new MediaStorageError(storage.location, error);
  }
}

/** Media files in a folder: DATA_DIR/media by default. */
export class LocalMediaStorage implements MediaStorage {
  constructor(
    readonly root: string,
    private readonly logger?: Logger,
  ) {}

  get location(): string {
    return this.root;
  }

  async put(key: string, bytes: Buffer, _contentType?: string): Promise<void> {
    checkKey(key);
    const target = path.join(this.root, key);
    try {
      await mkdir(path.dirname(target), { recursive: true });
      // Written aside then renamed: a reader never sees half a file.
      const partial = `${target}.${process.pid}.partial`;
      await writeFile(partial, bytes);
      await rename(partial, target);
    } catch (error) {
      throw failed(this.location, error, this.logger);
    }
  }

  async stat(key: string): Promise<MediaObjectInfo | undefined> {
    if (!isMediaKey(key)) return undefined;
    const info = await stat(path.join(this.root, key)).catch(() => undefined);
    return info?.isFile() ? { size: info.size, modified: info.mtime } : undefined;
  }

  async read(key: string, range?: MediaRange): Promise<ReadableStream<Uint8Array> | undefined> {
    if (!(await this.stat(key))) return undefined;
    const stream = createReadStream(path.join(this.root, key), range ?? {});
    return Readable.toWeb(stream) as ReadableStream<Uint8Array>;
  }

  async remove(keys: readonly string[]): Promise<void> {
    for (const key of keys) if (isMediaKey(key)) await unlink(path.join(this.root, key)).catch(() => {});
  }

  /** The whole file, for copying it elsewhere; throws when it cannot be read. */
  readAll(key: string): Promise<Buffer> {
    checkKey(key);
    return readFile(path.join(this.root, key));
  }

  /** Every file under the folder (links too), as keys: what `sahifa media migrate` copies. */
  async list(): Promise<string[]> {
    const entries = await readdir(this.root, { recursive: true, withFileTypes: true }).catch(() => []);
    return entries
      .filter((entry) => entry.isFile() || entry.isSymbolicLink())
      .map((entry) =>
        path.relative(this.root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
      )
      .filter((key) => isMediaKey(key) && !key.endsWith('.partial'))
      .sort();
  }
}

/** An S3-compatible bucket: AWS S3, Cloudflare R2, MinIO… */
export interface S3MediaSettings {
  kind: 's3';
  bucket: string;
  /** Key prefix without slashes at either end; '' for the bucket's root. */
  prefix: string;
  /** Unset: AWS S3 of `region`. R2: https://ACCOUNT.r2.cloudflarestorage.com; MinIO: its address. */
  endpoint: string | undefined;
  region: string;
  /** Unset: the SDK's own chain (AWS_* variables, instance role…). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  /** bucket in the path (MinIO, most self-hosted servers) rather than in the host name. */
  forcePathStyle: boolean;
}

export type MediaStoreSettings = { kind: 'local' } | S3MediaSettings;

/** `s3://bucket/prefix` → bucket and prefix; undefined when it is not such an address. */
export function parseS3Address(value: string): { bucket: string; prefix: string } | undefined {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(value.trim());
  if (!m?.[1]) return undefined;
  const prefix = (m[2] ?? '').replace(/^\/+|\/+$/g, '');
  if (prefix.split('/').some((part) => part === '..' || part === '.')) return undefined;
  return { bucket: m[1], prefix };
}

/** How long the store may take: a connection, then a whole request (a podcast episode's upload). */
const S3_CONNECTION_TIMEOUT_MS = 5000;
const S3_REQUEST_TIMEOUT_MS = 120_000;

/**
 * Media in a bucket. The endpoint is the operator's own setting, so it may be
 * a private address (a MinIO next to the instances): the outbound rules for
 * addresses that users give (src/http/outbound.ts) do not apply to it.
 */
export class S3MediaStorage implements MediaStorage {
  readonly location: string;
  private readonly client: S3Client;

  constructor(
    private readonly settings: S3MediaSettings,
    private readonly logger?: Logger,
  ) {
    this.location = `s3://${settings.bucket}${settings.prefix ? `/${settings.prefix}` : ''}`;
    this.client = new S3Client({
      region: settings.region,
      ...(settings.endpoint && { endpoint: settings.endpoint }),
      ...(settings.credentials && { credentials: settings.credentials }),
      forcePathStyle: settings.forcePathStyle,
      maxAttempts: 2,
      requestHandler: {
        connectionTimeout: S3_CONNECTION_TIMEOUT_MS,
        requestTimeout: S3_REQUEST_TIMEOUT_MS,
      },
    });
  }

  private objectKey(key: string): string {
    checkKey(key);
    return this.settings.prefix ? `${this.settings.prefix}/${key}` : key;
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    const Key = this.objectKey(key);
    try {
      await this.client.send(
        new PutObjectCommand({ Bucket: this.settings.bucket, Key, Body: bytes, ContentType: contentType }),
      );
    } catch (error) {
      throw failed(this.location, error, this.logger);
    }
  }

  async stat(key: string): Promise<MediaObjectInfo | undefined> {
    if (!isMediaKey(key)) return undefined;
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }),
      );
      return { size: head.ContentLength ?? 0, modified: head.LastModified ?? new Date(0) };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw failed(this.location, error, this.logger);
    }
  }

  async read(key: string, range?: MediaRange): Promise<ReadableStream<Uint8Array> | undefined> {
    if (!isMediaKey(key)) return undefined;
    try {
      const object = await this.client.send(
        new GetObjectCommand({
          Bucket: this.settings.bucket,
          Key: this.objectKey(key),
          ...(range && { Range: `bytes=${range.start}-${range.end}` }),
        }),
      );
      return object.Body?.transformToWebStream() as ReadableStream<Uint8Array> | undefined;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw failed(this.location, error, this.logger);
    }
  }

  async remove(keys: readonly string[]): Promise<void> {
    const own = keys.filter(isMediaKey);
    // DeleteObjects takes 1000 keys a call.
    for (let i = 0; i < own.length; i += 1000) {
      try {
        await this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.settings.bucket,
            Delete: {
              Objects: own.slice(i, i + 1000).map((key) => ({ Key: this.objectKey(key) })),
              Quiet: true,
            },
          }),
        );
      } catch (error) {
        throw failed(this.location, error, this.logger);
      }
    }
  }

  /** Closes the client's connections. */
  close(): void {
    this.client.destroy();
  }
}

/** The error to throw, logged for the operator with the store's address and its words. */
function failed(location: string, error: unknown, logger: Logger | undefined): MediaStorageError {
  const wrapped = new MediaStorageError(location, error);
  logger?.error({ err: error, store: location }, wrapped.message);
  return wrapped;
}

function isMissing(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.$metadata.httpStatusCode === 404 || error.name === 'NotFound' || error.name === 'NoSuchKey')
  );
}

/** The store MEDIA_STORE names: the folder `dir` (DATA_DIR/media) or a bucket. */
export function openMediaStorage(settings: MediaStoreSettings, dir: string, logger?: Logger): MediaStorage {
  return settings.kind === 's3' ? new S3MediaStorage(settings, logger) : new LocalMediaStorage(dir, logger);
}
