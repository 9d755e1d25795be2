import type { Migration } from 'kysely';
import * as m001 from './001_content.js';
import * as m003 from './003_newsroom.js';
import * as m004 from './004_accounts.js';
import * as m005 from './005_article_owner.js';
import * as m006 from './006_integrations.js';
import * as m007 from './007_search.js';
import * as m008 from './008_newsletters.js';
import * as m009 from './009_wire.js';
import * as m010 from './010_listing_slug_redirects.js';
import * as m011 from './011_revision_source.js';
import * as m013 from './013_wire_payload_edition.js';
import * as m014 from './014_front_page.js';
import * as m015 from './015_article_views.js';
import * as m016 from './016_agency_names.js';
import * as m017 from './017_edition_month_names.js';
import * as m018 from './018_section_listing_index.js';
import * as m019 from './019_conversation.js';
import * as m020 from './020_live_coverage.js';
import * as m021 from './021_events.js';
import * as m022 from './022_podcasts.js';
import * as m023 from './023_ads.js';
import * as m024 from './024_cdn_purges.js';
import * as m025 from './025_cdn_urgent_purges.js';
import * as m026 from './026_cdn_instance_syncs.js';

/** Every migration, by its frozen numbered name. Append only. */
export const migrations: Record<string, Migration> = {
  '001_content': m001,
  '003_newsroom': m003,
  '004_accounts': m004,
  '005_article_owner': m005,
  '006_integrations': m006,
  '007_search': m007,
  '008_newsletters': m008,
  '009_wire': m009,
  '010_listing_slug_redirects': m010,
  '011_revision_source': m011,
  '013_wire_payload_edition': m013,
  '014_front_page': m014,
  '015_article_views': m015,
  '016_agency_names': m016,
  '017_edition_month_names': m017,
  '018_section_listing_index': m018,
  '019_conversation': m019,
  '020_live_coverage': m020,
  '021_events': m021,
  '023_ads': m023,
  '024_cdn_purges': m024,
  '025_cdn_urgent_purges': m025,
  '026_cdn_instance_syncs': m026,
  '022_podcasts': m022,
};
