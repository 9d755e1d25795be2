vcl 4.1;
# Sahifa behind Varnish: a reference setup (Debian's varnish 7 and varnish-modules for xkey).
#
# - Pages are cached by the lifetime the app gives them (s-maxage) and dropped by
#   tag: every cacheable response names its cache tags in Surrogate-Key
#   (CDN_TAG_HEADER=Surrogate-Key), kept here as xkey; every content change is
#   purged by one instance with `PURGE /` and an `xkey-purge: tag tag…` header
#   (CDN_PURGE=varnish, CDN_PURGE_URL=http://this-varnish:6081).
# - Grace: an expired page is served for up to an hour while one fetch renews it;
#   a page is served for a day while every instance is down.
# - Request collapsing: Varnish's waiting list sends one request per page to the
#   app while the others wait for its answer (for cacheable pages; the desk and
#   readers' own pages pass straight through).
# - Cookies are stripped from public pages (they are the same for everyone); the
#   desk (/admin), the admin API and readers' account and comment forms pass with
#   their cookies, never cached.
#
# The backends and who may purge are in site.vcl (edit it, or put your own first in vcl_path).

import directors;
import std;
import xkey;

# An instance gets traffic while /readyz answers 200 (it answers 503 while draining).
probe sahifa_ready {
  .url = "/readyz";
  .interval = 2s;
  .timeout = 1s;
  .window = 5;
  .threshold = 3;
  .initial = 3;
}

sub vcl_init {
  new sahifa = directors.round_robin();
}

# Backends (added to the `sahifa` director in their own vcl_init) and the `purgers` ACL.
include "site.vcl";

sub vcl_recv {
  set req.backend_hint = sahifa.backend();

  if (req.method == "PURGE") {
    if (client.ip !~ purgers) {
      return (synth(403, "Not allowed to purge"));
    }
    if (!req.http.xkey-purge) {
      return (synth(400, "PURGE needs an xkey-purge header"));
    }
    set req.http.n-gone = xkey.purge(req.http.xkey-purge);
    return (synth(200, "Purged " + req.http.n-gone + " objects"));
  }

  # The desk and the admin API: never cached, cookies and tokens kept.
  if (req.url ~ "^/admin(/|\?|$)" || req.url ~ "^/api/admin/") {
    return (pass);
  }
  # Readers' accounts and their comment forms need the reader's (or a staff) cookie.
  if (req.url ~ "^/[a-z]{2,3}/(account|comments)(/|\?|$)") {
    return (pass);
  }
  if (req.method != "GET" && req.method != "HEAD") {
    return (pass);
  }
  if (req.http.Authorization) {
    return (pass);
  }
  # Public pages are the same for everyone: no cookie splits or bypasses the cache.
  unset req.http.Cookie;
  return (hash);
}

sub vcl_backend_response {
  # The app names a page's tags in Surrogate-Key; xkey indexes the object by them.
  if (beresp.http.Surrogate-Key) {
    set beresp.http.xkey = beresp.http.Surrogate-Key;
    unset beresp.http.Surrogate-Key;
  }
  # A reply that sets a cookie is someone's own.
  if (beresp.http.Set-Cookie) {
    set beresp.uncacheable = true;
    set beresp.ttl = 120s;
    return (deliver);
  }
  # An error while renewing an expired page: keep serving the old one (grace) instead.
  if (beresp.status >= 500 && bereq.is_bgfetch) {
    return (abandon);
  }
  # Grace: serve an expired page while it is fetched again; keep it a day for when every instance is down.
  set beresp.grace = 1h;
  set beresp.keep = 1d;
  return (deliver);
}

sub vcl_hit {
  # Every instance down: a page expired for up to a day is better than an error.
  if (obj.ttl + obj.grace <= 0s && !std.healthy(req.backend_hint)) {
    return (deliver);
  }
}

sub vcl_deliver {
  unset resp.http.xkey;
  unset resp.http.Surrogate-Key;
  if (obj.hits > 0) {
    set resp.http.X-Edge-Cache = "HIT";
  } else {
    set resp.http.X-Edge-Cache = "MISS";
  }
}
