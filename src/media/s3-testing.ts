/**
 * An S3 protocol server for tests and the cluster bench: s3rver (an npm
 * devDependency, so it runs wherever the tests do) on a free local port,
 * storing in its own temporary folder, with one bucket made.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import type { S3MediaSettings } from './storage.js';

export interface S3TestServer {
  endpoint: string;
  /** Settings of a bucket on it, as MEDIA_STORE=s3://bucket/prefix and S3_* would give. */
  settings(prefix?: string): S3MediaSettings;
  /** Every object key in the bucket (prefix included), for assertions. */
  objects(): Promise<string[]>;
  close(): Promise<void>;
}

/** s3rver's fixed credentials. */
const KEY = 'S3RVER';
export const TEST_BUCKET = 'sahifa-media';

export async function startS3Server(): Promise<S3TestServer> {
  const directory = mkdtempSync(path.join(tmpdir(), 'sahifa-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    configureBuckets: [{ name: TEST_BUCKET, configs: [] }],
  });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: KEY, secretAccessKey: KEY },
  });
  return {
    endpoint,
    settings: (prefix = 'media') => ({
      kind: 's3',
      bucket: TEST_BUCKET,
      prefix,
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: KEY, secretAccessKey: KEY },
      forcePathStyle: true,
    }),
    async objects() {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: TEST_BUCKET }));
      return (listed.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])).sort();
    },
    async close() {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
