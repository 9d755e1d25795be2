# Your site: the Sahifa instances and who may purge. Included by sahifa.vcl.
# Copy this file, edit the addresses, and start Varnish with your copy's folder
# first in vcl_path, e.g.
#   varnishd -a :80 -f /etc/varnish/sahifa.vcl -p vcl_path=/etc/varnish/site:/etc/varnish -s malloc,1G

backend app1 {
  .host = "10.0.0.11";
  .port = "3000";
  .probe = sahifa_ready;
}

backend app2 {
  .host = "10.0.0.12";
  .port = "3000";
  .probe = sahifa_ready;
}

sub vcl_init {
  sahifa.add_backend(app1);
  sahifa.add_backend(app2);
}

# The instances purge (CDN_PURGE=varnish): only they may.
acl purgers {
  "localhost";
  "10.0.0.0"/24;
}
