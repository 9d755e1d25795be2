import { Hono } from 'hono';
import { z } from 'zod';
import { requireUser, signedInUser } from '../accounts/middleware.js';
import { imagesById } from '../articles/queries.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { messagesFor } from '../i18n/messages.js';
import { mediaUrl, renditionNear, srcset } from './images.js';
import { imageDetailsSchema, storeUploadedImage, UploadError, uploadErrorMessage } from './upload.js';

const uploadForm = z.object({
  file: z.instanceof(File),
  alt: z.string().max(300),
  caption: z.string().max(500).optional(),
  credit: z.string().max(200).optional(),
});

/**
 * What the editor inserts for an uploaded image: a figure whose <picture> offers AVIF and WebP
 * and falls back to JPEG (every browser shows JPEG), like the lead image, with caption and credit.
 */
export interface InlineImage {
  id: string;
  src: string;
  /** JPEG widths. */
  srcset: string;
  avif: string;
  webp: string;
  width: number;
  height: number;
  alt: string;
  caption: string;
  credit: string;
}

/**
 * Images inside an article's body, uploaded from the rich-text editor. The
 * editor posts the file and gets JSON back; the stored body then refers to
 * our own renditions, which the site's CSP (img-src 'self') lets readers see.
 */
export function mediaDeskRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, clock } = deps;

  app.post('/admin/media', requireUser(), async (c) => {
    const t = messagesFor(signedInUser(c).language);
    const form = uploadForm.safeParse(await c.req.parseBody());
    if (!form.success) return c.json({ error: 'invalid', message: t.deskErrorImageEmpty }, 400);
    const details = imageDetailsSchema.safeParse({
      alt: form.data.alt,
      caption: form.data.caption ?? '',
      credit: form.data.credit ?? '',
    });
    if (!details.success) return c.json({ error: 'invalid', message: t.deskErrorImageAlt }, 400);
    try {
      const bytes = Buffer.from(await form.data.file.arrayBuffer());
      const id = await storeUploadedImage(db, deps.media, bytes, details.data, clock.now());
      const image = (await imagesById(db, [id])).get(id);
      const jpeg = image && renditionNear(image, 1200);
      if (!image || !jpeg) throw new Error(`image ${id} has no JPEG rendition`);
      const inline: InlineImage = {
        id,
        src: mediaUrl(jpeg.file),
        srcset: srcset(image, 'jpeg'),
        avif: srcset(image, 'avif'),
        webp: srcset(image, 'webp'),
        width: image.width,
        height: image.height,
        alt: image.alt,
        caption: image.caption,
        credit: image.credit,
      };
      return c.json(inline, 201);
    } catch (error) {
      if (!(error instanceof UploadError)) throw error;
      return c.json({ error: error.code, message: uploadErrorMessage(t, error.code) }, 400);
    }
  });

  return app;
}
