/** Admins read where CDN purges stand and where media are kept (/admin/system). */
import { Hono } from 'hono';
import { requireRole, sendAdminPage, signedInUser } from '../accounts/middleware.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { SystemPage } from './admin-views.js';
import { purgeStatus } from './purger.js';

export function systemAdminRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, config } = deps;
  app.use('/admin/system', requireRole('admin'));

  app.get('/admin/system', async (c) => {
    const user = signedInUser(c);
    const facts = {
      cdn: config.cdnPurge?.kind,
      tagHeader: config.cdnTagHeader,
      purge: config.cdnPurge ? await purgeStatus(db) : undefined,
      mediaStore: deps.media.location,
      mediaOrigin: config.mediaOrigin,
    };
    return sendAdminPage(
      c,
      <SystemPage language={user.language} user={user} csrf={c.get('csrfToken') ?? ''} facts={facts} />,
    );
  });

  return app;
}
