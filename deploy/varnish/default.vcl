# Corp Astro's reference edge: Varnish 7 with vmod xkey (Debian: apt-get install varnish varnish-modules).
#   varnishd -F -a :6081 -f /etc/varnish/default.vcl -s malloc,256m
# and run the service with CDN_PROVIDER=varnish CDN_PURGE_URL=http://<varnish-host>:6081/
#
# - caches what the service declares public: for CDN-Cache-Control's max-age (RFC 9213), else Cache-Control's;
#   everything else (private, no-store, no-cache, Set-Cookie) is fetched for each request;
# - passes every request with Authorization (per-user answers never come from the edge);
# - indexes objects by their xkey response header and purges by key on a PURGE from the purgers ACL
#   (xkey-softpurge: keys turn stale and refetch in the background; xkey-purge: keys are removed);
# - serves stale: within stale-while-revalidate while the service is healthy (refetched in the background),
#   within stale-if-error while its health probe fails or a refetch answers 5xx;
# - marks each answer X-Cache: HIT or MISS (HIT, STALE for a copy past its lifetime, refetched meanwhile).
vcl 4.1;

import std;
import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8080";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .probe = {
        .url = "/actuator/health/liveness";
        .interval = 2s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
        .initial = 2;
    }
}

# Who may purge: the service nodes (add their addresses when Varnish runs elsewhere).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey-softpurge) {
            set req.http.x-purged = xkey.softpurge(req.http.xkey-softpurge);
        } elsif (req.http.xkey-purge) {
            set req.http.x-purged = xkey.purge(req.http.xkey-purge);
        } else {
            return (synth(400, "xkey-purge or xkey-softpurge required"));
        }
        return (synth(200, "Purged " + req.http.x-purged));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    unset req.http.Cookie;
    # Stale-while-revalidate while the service is healthy; the whole grace (stale-if-error) only when it is not.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 60s;
    }
    return (hash);
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    # A background refetch that fails keeps the stale copy (stale-if-error).
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    if (beresp.http.CDN-Cache-Control) {
        set beresp.http.x-cc = beresp.http.CDN-Cache-Control;
    } else {
        set beresp.http.x-cc = beresp.http.Cache-Control;
    }
    if (beresp.http.x-cc !~ "(?i)\bpublic\b" || beresp.http.x-cc ~ "(?i)(private|no-store|no-cache)"
            || beresp.http.Set-Cookie || beresp.http.Vary ~ "(?i)(\*|authorization|cookie)") {
        unset beresp.http.x-cc;
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    if (beresp.http.x-cc ~ "(?i)max-age=\d+") {
        set beresp.ttl = std.duration(regsub(beresp.http.x-cc, "(?i)^.*max-age=(\d+).*$", "\1") + "s", 0s);
    }
    set beresp.grace = 0s;
    if (beresp.http.x-cc ~ "(?i)stale-while-revalidate=\d+") {
        set beresp.grace = std.duration(regsub(beresp.http.x-cc, "(?i)^.*stale-while-revalidate=(\d+).*$", "\1") + "s", 0s);
    }
    if (beresp.http.x-cc ~ "(?i)stale-if-error=\d+") {
        set beresp.grace = std.duration(regsub(beresp.http.x-cc, "(?i)^.*stale-if-error=(\d+).*$", "\1") + "s", 0s);
    }
    unset beresp.http.x-cc;
    return (deliver);
}

sub vcl_backend_error {
    # The service is unreachable during a background refetch: keep serving the stale copy.
    if (bereq.is_bgfetch) {
        return (abandon);
    }
}

sub vcl_hit {
    if (obj.ttl <= 0s) {
        # Past its lifetime (expired or soft-purged): served stale while it is fetched again.
        set req.http.x-stale = "1";
    }
}

sub vcl_deliver {
    if (obj.hits > 0 && req.http.x-stale) {
        set resp.http.X-Cache = "HIT, STALE";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } elsif (resp.http.X-Cache) {
        set resp.http.X-Cache = "MISS, " + resp.http.X-Cache;
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # Edge keys are for the edges, not for clients.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
    unset resp.http.Edge-Cache-Tag;
}
