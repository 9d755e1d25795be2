import type { Db } from '../db/schema.js';
import { addUser, type NewUserInput } from './users.js';

interface RequestingApp {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

/** A browser over `app.request()`: keeps cookies, reads the CSRF token out of the last form it saw. */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(public app: RequestingApp) {}

  async get(path: string, headers: Record<string, string> = {}) {
    return this.send(path, { method: 'GET', headers });
  }

  /** A form POST; `_csrf` is the last token seen unless the fields say otherwise. */
  async post(path: string, fields: Record<string, string | undefined>, headers: Record<string, string> = {}) {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries({ _csrf: this.csrf, ...fields })) {
      if (value !== undefined) body.set(name, value);
    }
    return this.send(path, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  }

  private async send(path: string, init: RequestInit & { headers: Record<string, string> }) {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const res = await this.app.request(path, {
      ...init,
      headers: { ...init.headers, ...(cookie ? { cookie } : {}) },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const html = res.headers.get('content-type')?.startsWith('text/html') ? await res.clone().text() : '';
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token) this.csrf = token;
    return res;
  }
}

export const PASSWORD = 'correct horse battery staple';

/** The editions the accounts tests need (ar first, so it is the default language of admins). */
export async function seedEditions(db: Db, now: Date): Promise<void> {
  const base = {
    description: '',
    date_style: 'levant',
    digits: 'latn',
    time_zone: 'UTC',
    social_links: '[]',
    created_at: now.toISOString(),
  };
  await db
    .insertInto('editions')
    .values([
      { code: 'ar', language: 'ar', direction: 'rtl', name: 'صحيفة', position: 0, ...base },
      { code: 'en', language: 'en', direction: 'ltr', name: 'Sahifa', position: 1, ...base },
    ])
    .execute();
}

export async function seedUser(
  db: Db,
  input: Partial<NewUserInput> & { email: string },
  now: Date,
): Promise<string> {
  const added = await addUser(db, { role: 'admin', editions: [], password: PASSWORD, ...input }, now);
  if (!added.ok) throw new Error(added.error);
  return added.userId;
}
