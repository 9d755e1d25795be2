import path from 'node:path';
import { z } from 'zod';
import { type CdnSettings, CLOUDFLARE_API, FASTLY_API, type TagHeader } from './cdn/adapters.js';
import { outboundPolicy } from './http/outbound.js';
import { defaultPageCacheBytes } from './http/page-cache.js';
import { DEFAULT_RENDER_GATE, type RenderGateOptions } from './http/render-gate.js';
import { type MediaStoreSettings, parseS3Address } from './media/storage.js';

const BYTE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
/** A size in bytes, with an optional K, M or G (binary) suffix: `67108864`, `64M`, `64MB`. */
const byteSize = z
  .string()
  .regex(/^\s*\d+\s*([kmg]i?b?)?\s*$/i, 'a size in bytes, e.g. 67108864 or 64MB')
  .transform((value) => {
    const [, digits = '0', unit = ''] = /^\s*(\d+)\s*([kmg]?)/i.exec(value) ?? [];
    return Number(digits) * (BYTE_UNITS[unit.toLowerCase()] ?? 1);
  });

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  PUBLIC_URL: z.url({ message: 'PUBLIC_URL must be an absolute http(s) URL' }).optional(),
  PAGE_CACHE: z.enum(['on', 'off']).default('on'),
  PAGE_CACHE_BYTES: byteSize.optional(),
  PAGE_CACHE_ENTRIES: z
    .undefined({
      message: 'no longer read: the page cache is bounded in bytes, set PAGE_CACHE_BYTES instead',
    })
    .optional(),
  CHANGE_POLL_MS: z.coerce.number().int().min(50).default(1000),
  RENDER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(DEFAULT_RENDER_GATE.concurrency),
  RENDER_QUEUE: z.coerce.number().int().min(0).max(100_000).default(DEFAULT_RENDER_GATE.maxQueued),
  RENDER_QUEUE_MS: z.coerce.number().int().min(100).max(600_000).default(DEFAULT_RENDER_GATE.queueMs),
  CHANGE_LOG_WINDOW_MS: z.coerce.number().int().min(1000).default(120_000),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  DB_INTEGRITY_CHECK_MINUTES: z.coerce.number().min(0).max(10_080).default(60),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(20_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_CONTENT: z.enum(['on', 'off']).default('on'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Sahifa <no-reply@localhost>'),
  TRUST_PROXY: z.enum(['0', '1']).default('0'),
  NEWSLETTER_RATE: z.coerce.number().min(0).max(100_000).default(50),
  DKIM_DOMAIN: z.string().min(1).optional(),
  DKIM_SELECTOR: z.string().min(1).optional(),
  DKIM_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  OUTBOUND_ALLOW: z
    .string()
    .default('')
    .superRefine((value, ctx) => {
      try {
        outboundPolicy(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
      }
    }),
  WIRE_DROP_ROOT: z.string().min(1).optional(),
  CDN_PURGE: z.enum(['off', 'varnish', 'fastly', 'cloudflare']).default('off'),
  CDN_TAG_HEADER: z
    .string()
    .transform((value) => value.trim().toLowerCase())
    .pipe(z.enum(['surrogate-key', 'cache-tag', 'off'], { message: 'Surrogate-Key, Cache-Tag or off' }))
    .optional(),
  CDN_PURGE_URL: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      for (const entry of (value ?? '')
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean)) {
        if (!/^https?:\/\/[^/]+/.test(entry) || !URL.canParse(entry))
          ctx.addIssue({ code: 'custom', message: `not an http(s) URL: ${entry}` });
      }
    }),
  CDN_SERVICE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'a Fastly service id or Cloudflare zone id')
    .optional(),
  CDN_API_TOKEN: z.string().min(8).optional(),
  CDN_SOFT_PURGE: z.enum(['on', 'off']).default('off'),
  CDN_PURGE_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(250),
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN: at least 16 characters').optional(),
  MEDIA_STORE: z
    .string()
    .default('local')
    .refine((value) => value === 'local' || parseS3Address(value) !== undefined, {
      message: 'local, or s3://bucket/prefix (a valid bucket name; the prefix is optional)',
    }),
  MEDIA_ORIGIN: z
    .url({ message: 'MEDIA_ORIGIN must be an absolute http(s) URL' })
    .regex(/^https?:\/\//, 'MEDIA_ORIGIN must be an absolute http(s) URL')
    .optional(),
  S3_ENDPOINT: z
    .url({ message: 'S3_ENDPOINT must be an absolute http(s) URL' })
    .regex(/^https?:\/\//, 'S3_ENDPOINT must be an absolute http(s) URL')
    .optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: z.enum(['0', '1']).default('0'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Absolute origin used in feeds, sitemaps, canonical links; no trailing slash. */
  publicUrl: string;
  pageCache: boolean;
  /** Bound on the memory of each instance's page cache (bodies, compressed forms, headers, keys). */
  pageCacheBytes: number;
  changePollMs: number;
  /** Public page renders at once, how many may wait, and how long (src/http/render-gate.ts). */
  renderGate: RenderGateOptions;
  /** How long a change-log seq skipped on PostgreSQL (its transaction committed late) is looked for again. */
  changeLogWindowMs: number;
  /** PostgreSQL: how long a new connection may take before the request fails (then a 503). */
  dbConnectTimeoutMs: number;
  /** SQLite: minutes between integrity checks (PRAGMA quick_check) while serving; 0: only at start-up. */
  dbIntegrityCheckMinutes: number;
  /** After SIGTERM/SIGINT: how long in-flight requests and jobs may take before the process exits 1. */
  shutdownTimeoutMs: number;
  logLevel: string;
  demoContent: boolean;
  /** smtp(s)://user:pass@host:port; unset: mail is written to DATA_DIR/outbox as .eml files. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Read the client address from X-Forwarded-For (only behind a proxy that sets it). */
  trustProxy: boolean;
  /** Newsletter messages per second at most (0: no limit). */
  newsletterRate: number;
  /** DKIM signing of outgoing mail, when DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE are all set. */
  dkim: { domainName: string; keySelector: string; privateKeyFile: string } | undefined;
  /** Hosts and networks the server may fetch from although private (on-premise agency feeds). */
  outboundAllow: string[];
  /** Folder sources of wire feeds must lie inside this folder (default DATA_DIR/wire-drop). */
  wireDropRoot: string;
  /** The header cacheable responses name their cache tags in, for the CDN; undefined: none. */
  cdnTagHeader: TagHeader | undefined;
  /** Where content changes are purged (Varnish, Fastly, Cloudflare); undefined: nowhere. */
  cdnPurge: CdnSettings | undefined;
  /** How often every instance looks for changes to purge (one of them claims each run). */
  cdnPurgePollMs: number;
  /** Bearer token of /metrics; undefined: no /metrics. */
  metricsToken: string | undefined;
  /** Where media are kept: DATA_DIR/media, or an S3-compatible bucket (MEDIA_STORE and S3_*). */
  mediaStore: MediaStoreSettings;
  /** Absolute origin (a CDN or the bucket's public address) /media/… is redirected to; undefined: served here. */
  mediaOrigin: string | undefined;
}

/** Parses settings from the environment; throws one readable message listing every bad setting. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid settings:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const wireDropRoot = path.resolve(e.WIRE_DROP_ROOT ?? path.join(dataDir, 'wire-drop'));
  const fromRoot = path.relative(wireDropRoot, dataDir);
  if (fromRoot !== '..' && !fromRoot.startsWith(`..${path.sep}`) && !path.isAbsolute(fromRoot)) {
    throw new Error(
      `Invalid settings:\n  WIRE_DROP_ROOT: ${wireDropRoot} holds the data folder ${dataDir}; choose a folder of its own`,
    );
  }
  const cdnPurge = cdnSettings(e);
  const tagHeader =
    e.CDN_TAG_HEADER ?? (cdnPurge ? (cdnPurge.kind === 'cloudflare' ? 'cache-tag' : 'surrogate-key') : 'off');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    pageCache: e.PAGE_CACHE === 'on',
    pageCacheBytes: e.PAGE_CACHE_BYTES ?? defaultPageCacheBytes(),
    changePollMs: e.CHANGE_POLL_MS,
    renderGate: {
      concurrency: e.RENDER_CONCURRENCY,
      maxQueued: e.RENDER_QUEUE,
      queueMs: e.RENDER_QUEUE_MS,
      followMs: e.RENDER_QUEUE_MS,
    },
    changeLogWindowMs: e.CHANGE_LOG_WINDOW_MS,
    dbConnectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
    dbIntegrityCheckMinutes: e.DB_INTEGRITY_CHECK_MINUTES,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    demoContent: e.DEMO_CONTENT === 'on',
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    trustProxy: e.TRUST_PROXY === '1',
    newsletterRate: e.NEWSLETTER_RATE,
    dkim:
      e.DKIM_DOMAIN && e.DKIM_SELECTOR && e.DKIM_PRIVATE_KEY_FILE
        ? { domainName: e.DKIM_DOMAIN, keySelector: e.DKIM_SELECTOR, privateKeyFile: e.DKIM_PRIVATE_KEY_FILE }
        : undefined,
    outboundAllow: e.OUTBOUND_ALLOW.split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
    wireDropRoot,
    cdnTagHeader: tagHeader === 'off' ? undefined : tagHeader,
    cdnPurge,
    cdnPurgePollMs: e.CDN_PURGE_POLL_MS,
    metricsToken: e.METRICS_TOKEN,
    mediaStore: mediaStoreSettings(e),
    mediaOrigin: e.MEDIA_ORIGIN?.replace(/\/+$/, ''),
  };
}

/** MEDIA_STORE and the S3_* settings a bucket uses; keys come both or neither. */
export function mediaStoreSettings(
  e: Pick<
    z.infer<typeof schema>,
    | 'MEDIA_STORE'
    | 'S3_ENDPOINT'
    | 'S3_REGION'
    | 'S3_ACCESS_KEY_ID'
    | 'S3_SECRET_ACCESS_KEY'
    | 'S3_FORCE_PATH_STYLE'
  >,
): MediaStoreSettings {
  const address = e.MEDIA_STORE === 'local' ? undefined : parseS3Address(e.MEDIA_STORE);
  if (!address) return { kind: 'local' };
  if (Boolean(e.S3_ACCESS_KEY_ID) !== Boolean(e.S3_SECRET_ACCESS_KEY))
    throw new Error('Invalid settings:\n  S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: set both, or neither');
  return {
    kind: 's3',
    ...address,
    endpoint: e.S3_ENDPOINT,
    region: e.S3_REGION,
    credentials:
      e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }
        : undefined,
    forcePathStyle: e.S3_FORCE_PATH_STYLE === '1',
  };
}

/** CDN_PURGE and the settings its CDN needs; a missing one is an error naming it. */
function cdnSettings(e: z.infer<typeof schema>): CdnSettings | undefined {
  const urls = (e.CDN_PURGE_URL ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const missing = (names: string[]) =>
    new Error(
      `Invalid settings:\n${names.map((n) => `  ${n}: required when CDN_PURGE=${e.CDN_PURGE}`).join('\n')}`,
    );
  switch (e.CDN_PURGE) {
    case 'off':
      return undefined;
    case 'varnish':
      if (urls.length === 0) throw missing(['CDN_PURGE_URL']);
      return { kind: 'varnish', urls };
    case 'fastly':
    case 'cloudflare': {
      const absent = [
        ...(e.CDN_SERVICE_ID ? [] : ['CDN_SERVICE_ID']),
        ...(e.CDN_API_TOKEN ? [] : ['CDN_API_TOKEN']),
      ];
      if (!e.CDN_SERVICE_ID || !e.CDN_API_TOKEN) throw missing(absent);
      if (urls.length > 1)
        throw new Error('Invalid settings:\n  CDN_PURGE_URL: one API address for Fastly or Cloudflare');
      return e.CDN_PURGE === 'fastly'
        ? {
            kind: 'fastly',
            apiUrl: urls[0] ?? FASTLY_API,
            serviceId: e.CDN_SERVICE_ID,
            token: e.CDN_API_TOKEN,
            soft: e.CDN_SOFT_PURGE === 'on',
          }
        : {
            kind: 'cloudflare',
            apiUrl: urls[0] ?? CLOUDFLARE_API,
            zoneId: e.CDN_SERVICE_ID,
            token: e.CDN_API_TOKEN,
          };
    }
  }
}

/** Settings for tests and tools: defaults, then overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const config = { ...loadConfig({ PUBLIC_URL: 'https://news.example' }), ...overrides };
  // A test's own data folder brings its own drop root, as DATA_DIR does.
  if (overrides.dataDir && !overrides.wireDropRoot)
    config.wireDropRoot = path.join(overrides.dataDir, 'wire-drop');
  return config;
}
