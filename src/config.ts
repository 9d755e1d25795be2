import path from 'node:path';
import { z } from 'zod';
import { outboundPolicy } from './http/outbound.js';

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
  PAGE_CACHE_ENTRIES: z.coerce.number().int().min(0).default(5000),
  CHANGE_POLL_MS: z.coerce.number().int().min(50).default(1000),
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
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Absolute origin used in feeds, sitemaps, canonical links; no trailing slash. */
  publicUrl: string;
  pageCache: boolean;
  pageCacheEntries: number;
  changePollMs: number;
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
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    pageCache: e.PAGE_CACHE === 'on',
    pageCacheEntries: e.PAGE_CACHE_ENTRIES,
    changePollMs: e.CHANGE_POLL_MS,
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
  };
}

/** Settings for tests and tools: defaults, then overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const config = { ...loadConfig({ PUBLIC_URL: 'https://news.example' }), ...overrides };
  // A test's own data folder brings its own drop root, as DATA_DIR does.
  if (overrides.dataDir && !overrides.wireDropRoot)
    config.wireDropRoot = path.join(overrides.dataDir, 'wire-drop');
  return config;
}
