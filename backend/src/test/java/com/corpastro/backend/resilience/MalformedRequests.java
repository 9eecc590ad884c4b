package com.corpastro.backend.resilience;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Randomised malformed requests against every endpoint of the service: garbage paths and
 * segments, percent-encoding junk, bad query values, bad headers, broken JSON and CSV bodies,
 * invalid UTF-8, NUL, huge values, wrong methods and media types, malformed request lines.
 *
 * <p>Every request is built so that it cannot succeed as a write: a request that could create
 * or change data always carries a defect in its body or method, and content is only asked for
 * with a malformed date or none (today's, generated before the snapshot).
 */
final class MalformedRequests {

    /** One request; {@code raw} when only a socket can send it. */
    record Request(String label, String method, byte[] target, List<String[]> headers, byte[] body, boolean raw,
            byte[] wholeRequest) {

        String describe() {
            String shown = wholeRequest != null ? printable(wholeRequest, 300)
                    : method + " " + printable(target, 200) + " headers=" + headers.stream()
                            .map(h -> h[0] + ": " + printable(h[1].getBytes(StandardCharsets.ISO_8859_1), 60)).toList()
                            + " body=" + (body == null ? "none" : printable(body, 120));
            return label + " " + shown;
        }
    }

    private record Endpoint(String method, String path, BodyKind body, boolean admin) {
    }

    private enum BodyKind { NONE, USER, BUSINESS, PATCH, IMPORT }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST", "/api/users", BodyKind.USER, false),
            new Endpoint("GET", "/api/users/me", BodyKind.NONE, false),
            new Endpoint("POST", "/api/businesses", BodyKind.BUSINESS, false),
            new Endpoint("GET", "/api/businesses/{id}", BodyKind.NONE, false),
            new Endpoint("PATCH", "/api/businesses/{id}", BodyKind.PATCH, false),
            new Endpoint("GET", "/api/businesses/{id}/content/{type}", BodyKind.NONE, false),
            new Endpoint("GET", "/api/templates/{key}", BodyKind.NONE, false),
            new Endpoint("GET", "/api/admin/metrics", BodyKind.NONE, true),
            new Endpoint("GET", "/api/admin/metrics/aggregate", BodyKind.NONE, true),
            new Endpoint("GET", "/api/admin/performance/summary", BodyKind.NONE, true),
            new Endpoint("GET", "/api/admin/db/queries", BodyKind.NONE, true),
            new Endpoint("GET", "/api/admin/db/pool", BodyKind.NONE, true),
            new Endpoint("POST", "/api/admin/businesses/import", BodyKind.IMPORT, true),
            new Endpoint("GET", "/dashboard", BodyKind.NONE, true),
            new Endpoint("GET", "/actuator/health", BodyKind.NONE, false),
            new Endpoint("GET", "/actuator/prometheus", BodyKind.NONE, true),
            new Endpoint("GET", "/v3/api-docs", BodyKind.NONE, false));

    private static final List<String> BAD_SEGMENTS = List.of("%", "%zz", "%0", "%00", "%2e%2e", "..", "%2F", "%5C",
            "%c3%28", "%ff%fe", "%e2%82", "%ed%a0%80", "%f0%28%8c%bc", "-1", "0", "99999999999999999999", "1e3", "0x10",
            "+1", "1.5", "%201", "1%20", "NaN", "null", ";", ";jsessionid=abc", "a;b=c", "%3B", "~", "%7e%7E",
            "\u00e9t\u00e9", "%E2%80%AE", "*", "%2A", "<script>", "%3Cscript%3E", "{id}", "$%7Bjndi:x%7D", "''", "\"",
            "%22", "\\", "//", "%u0041", "%%", "%25%32%66");
    private static final List<String> BAD_DATES = List.of("2026-13-01", "2026-02-30", "tomorrow", "", "99999-01-01",
            "2026-1-1", "20260101", "2026-01-01T00:00", "1899-12-31", "2101-01-01", "%00", "%ff", "2026-01-01%00",
            " 2026-01-01", "\uff12\uff10\uff12\uff16-01-01", "9".repeat(40), "-2026-01-01", "2026-01-01,2026-01-02");
    private static final List<String> BAD_QUERY_VALUES = List.of("", "-1", "0", "99999999999999999999",
            "1e309", "NaN", "abc", "%", "%zz", "%00", "%c3%28", "x".repeat(3000), "2026-13-45T99:99:99Z",
            "1970-01-01T00:00:00Z", "+1000000000-01-01T00:00:00Z", "P-1D", "PT0S", "response_time%00", "p100", "avg;drop");
    private static final List<String> QUERY_NAMES = List.of("date", "type", "start", "end", "limit", "agg",
            "interval", "path", "method", "source", "window", "x", "", "%zz", "date%00");

    private final Random random;
    private final String userToken;
    private final long ownBusiness;
    private final long otherBusiness;
    private final String adminToken;

    MalformedRequests(Random random, String userToken, long ownBusiness, long otherBusiness, String adminToken) {
        this.random = random;
        this.userToken = userToken;
        this.ownBusiness = ownBusiness;
        this.otherBusiness = otherBusiness;
        this.adminToken = adminToken;
    }

    Request next() {
        if (random.nextInt(100) < 12) {
            return malformedRequestLine();
        }
        Endpoint endpoint = ENDPOINTS.get(random.nextInt(ENDPOINTS.size()));
        String label = endpoint.method() + " " + endpoint.path();
        String method = endpoint.method();
        List<String[]> headers = new ArrayList<>();
        String token = token(endpoint);
        if (token != null) {
            headers.add(new String[] {"Authorization", "Bearer " + token});
        }
        StringBuilder path = new StringBuilder(endpoint.path()
                .replace("{id}", Long.toString(random.nextInt(4) == 0 ? otherBusiness : ownBusiness))
                .replace("{type}", pick(List.of("daily_horoscope", "weekly_forecast", "monthly_outlook")))
                .replace("{key}", pick(List.of("daily_horoscope_template", "weekly_forecast_template", "nope"))));
        boolean raw = random.nextInt(100) < 30;
        byte[] body = null;
        boolean bodyBroken = false;

        int defects = 1 + random.nextInt(3);
        for (int i = 0; i < defects; i++) {
            switch (random.nextInt(5)) {
                case 0 -> mutatePath(path);
                case 1 -> path.append(path.indexOf("?") < 0 ? "?" : "&").append(badQuery(endpoint));
                case 2 -> headers.add(badHeader());
                case 3 -> {
                    body = badBody(endpoint.body());
                    bodyBroken = true;
                }
                default -> {
                    method = pick(List.of("PUT", "DELETE", "TRACE", "OPTIONS", "HEAD", "PROPFIND", "FOO", "get",
                            "PATCH", "POST", "GET"));
                    if (method.equals(endpoint.method())) {
                        method = "DELETE";
                    }
                }
            }
        }
        if (endpoint.path().contains("/content/") && path.indexOf("?") < 0 && random.nextBoolean()) {
            path.append("?date=").append(pick(BAD_DATES));
        } else if (endpoint.path().contains("/content/") && path.indexOf("date=") >= 0
                && path.indexOf("date=") == path.lastIndexOf("date=")) {
            // a query defect on another parameter leaves the date as today, generated before the snapshot
        }
        boolean mayWrite = method.equals(endpoint.method()) && endpoint.body() != BodyKind.NONE;
        if (mayWrite && !bodyBroken) {
            body = badBody(endpoint.body());
        }
        if (body != null && headers.stream().noneMatch(h -> h[0].equalsIgnoreCase("Content-Type"))) {
            headers.add(new String[] {"Content-Type",
                    endpoint.body() == BodyKind.IMPORT && random.nextInt(3) == 0 ? "text/csv" : "application/json"});
        }
        return new Request(label, method, path.toString().getBytes(StandardCharsets.UTF_8), headers, body, raw, null);
    }

    private String token(Endpoint endpoint) {
        int dice = random.nextInt(10);
        if (dice < 2) {
            return null;
        }
        if (dice < 3) {
            return pick(List.of("", "x", "not-a-token", "A".repeat(5000), userToken + "x", userToken.toUpperCase(),
                    adminToken + " ", "null", "%00"));
        }
        return endpoint.admin() && dice < 8 ? adminToken : userToken;
    }

    private void mutatePath(StringBuilder path) {
        int query = path.indexOf("?");
        String base = query < 0 ? path.toString() : path.substring(0, query);
        String rest = query < 0 ? "" : path.substring(query);
        String[] segments = base.substring(1).split("/", -1);
        int dice = random.nextInt(10);
        String mutated;
        if (dice < 6) {
            segments[random.nextInt(segments.length)] = pick(BAD_SEGMENTS);
            mutated = "/" + String.join("/", segments);
        } else if (dice < 7) {
            mutated = base + "/" + "x".repeat(200 + random.nextInt(9000));
        } else if (dice < 8) {
            mutated = base + pick(List.of("/", "//", "/.", "/..", "/%2e", ".json", "%00", "%20", "/extra"));
        } else if (dice < 9) {
            mutated = "/" + randomAscii(1 + random.nextInt(40));
        } else {
            mutated = base.toUpperCase();
        }
        path.setLength(0);
        path.append(mutated).append(rest);
    }

    private String badQuery(Endpoint endpoint) {
        int dice = random.nextInt(6);
        String name = endpoint.path().contains("/content/") && random.nextBoolean() ? "date" : pick(QUERY_NAMES);
        return switch (dice) {
            case 0 -> "date=" + pick(BAD_DATES);
            case 1 -> name + "=" + pick(BAD_QUERY_VALUES) + "&" + name + "=" + pick(BAD_QUERY_VALUES);
            case 2 -> "&&&=&" + name + "&=x";
            case 3 -> name + "=" + "%41".repeat(random.nextInt(3000));
            case 4 -> name + "=" + pick(BAD_QUERY_VALUES);
            default -> "date=" + pick(BAD_DATES) + "&" + pick(QUERY_NAMES) + "=" + pick(BAD_QUERY_VALUES);
        };
    }

    private String[] badHeader() {
        return switch (random.nextInt(14)) {
            case 0 -> new String[] {"Authorization", pick(List.of("Bearer", "Bearer  ", "Basic dXNlcjpwYXNz",
                    "Bearer " + "A".repeat(9000), "bearer " + userToken, "Bearer " + userToken + " extra",
                    "Bearer \u00e9\u00e8", "Token " + userToken, "Bearer\t" + userToken))};
            case 1 -> new String[] {"Accept", pick(List.of("application/xml", "text/html", "*/*;q=abc", "",
                    "application/json;q=0", "image/png", "a/b/c", ";;;", "text/event-stream", "application/*;q=2",
                    "application/json;charset=ebcdic", "*/*;q=0"))};
            case 2 -> new String[] {"Accept-Encoding", pick(List.of("gzip;q=abc", "br;q=2", "identity;q=0, *;q=0",
                    "zstd;q=-1", "x".repeat(5000), ",,,,", "gzip", "compress", "gzip;q=0, identity;q=0", "*"))};
            case 3 -> new String[] {"If-None-Match", pick(List.of("*", "W/\"", "\"abc", "W/\"x\", garbage",
                    "\"" + "e".repeat(8000) + "\"", ",", "W/W/\"a\""))};
            case 4 -> new String[] {"Content-Type", pick(List.of("application/json; charset=bogus", "text/plain",
                    "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=",
                    "application/json;;;", "json", "application/json; charset=utf-16", "*/*", "text/csv; charset=x",
                    "application/problem+json; charset=utf-32"))};
            case 5 -> new String[] {"Content-Encoding", pick(List.of("gzip", "br", "deflate", "x"))};
            case 6 -> new String[] {"X-Forwarded-For", pick(List.of("garbage", "999.999.999.999", "::::",
                    "1.2.3.4, , ,", "x".repeat(4000), "127.0.0.1, 10.0.0.1, unknown", "[::1]:80"))};
            case 7 -> new String[] {"X-Request-Id", pick(List.of("x".repeat(3000), "\u00e9", "a b c", "<>", ""))};
            case 8 -> new String[] {"Range", pick(List.of("bytes=abc", "bytes=999999999999999999999-", "lines=1-2"))};
            case 9 -> new String[] {"X-Big", "b".repeat(9000 + random.nextInt(20000))};
            case 10 -> new String[] {"If-Modified-Since", pick(List.of("yesterday",
                    "Thu, 99 Dec 9999 99:99:99 GMT", "0", "-1"))};
            case 11 -> new String[] {"Cookie", pick(List.of("=;;=", "a=" + "c".repeat(5000), "JSESSIONID=%00"))};
            case 12 -> new String[] {"Origin", pick(List.of("null", "http://evil.example", "%%%"))};
            default -> new String[] {"X-Nul", "a\u0000b"};
        };
    }

    private byte[] badBody(BodyKind kind) {
        int dice = random.nextInt(10);
        if (dice < 4) {
            return genericGarbage();
        }
        if (kind == BodyKind.IMPORT && dice < 6) {
            return badCsv();
        }
        return badTypedJson(kind);
    }

    private byte[] genericGarbage() {
        return switch (random.nextInt(16)) {
            case 0 -> new byte[0];
            case 1 -> ascii(pick(List.of("{", "}", "[", "null", "true", "1", "\"s\"", "{\"a\":", "{'a':1}",
                    "{\"a\":1,}", "[1,2", "{\"a\":1}{\"b\":2}", "{\"name\"}", "{,}", "{\"name\":\"x\" // c\n}")));
            case 2 -> ascii("[".repeat(2000 + random.nextInt(8000)) + "]".repeat(10));
            case 3 -> ascii("{\"a\":".repeat(1000 + random.nextInt(3000)) + "1" + "}".repeat(5));
            case 4 -> ascii("{\"name\":1e999999,\"latitude\":123456789012345678901234567890e99999}");
            case 5 -> ascii("{\"name\":\"" + "n".repeat(50_000 + random.nextInt(200_000)) + "\"}");
            case 6 -> concat(ascii("{\"name\":\"a"), new byte[] {0, 0, 0}, ascii("\"}"));
            case 7 -> concat(ascii("{\"name\":\"a"), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE},
                    ascii("\",\"email\":\"x@example.com\"}"));
            case 8 -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, ascii("{\"name\":"));
            case 9 -> "{\"name\":[\"x\"]}".getBytes(StandardCharsets.UTF_16);
            case 10 -> randomBytes(1 + random.nextInt(2000));
            case 11 -> ascii("{\"email\":{\"$ne\":null},\"name\":[\"a\"]}");
            case 12 -> ascii("[{\"externalId\":[],\"ownerId\":{}}]");
            case 13 -> concat(ascii("{\"email\":\"a@example.com\",\"name\":"), randomBytes(20));
            case 14 -> ascii("\"" + "\\u".repeat(50) + "\"");
            default -> ascii("{\"a\":" + "[".repeat(500) + "}");
        };
    }

    /** A JSON object of the endpoint's shape in which at least one field is wrong. */
    private byte[] badTypedJson(BodyKind kind) {
        List<String> fields = switch (kind) {
            case USER -> List.of("email", "name");
            case IMPORT -> List.of("externalId", "ownerId", "name", "foundedAt", "latitude", "longitude");
            default -> List.of("name", "foundedAt", "latitude", "longitude");
        };
        String broken = pick(fields);
        StringBuilder json = new StringBuilder("{");
        for (String field : fields) {
            boolean isBroken = field.equals(broken);
            // A PATCH changes whatever it names: it names only broken fields.
            if (!isBroken && (kind == BodyKind.PATCH || random.nextInt(6) == 0)) {
                continue;
            }
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(field).append("\":").append(isBroken ? badValue(field) : goodValue(field));
        }
        json.append('}');
        String object = json.toString();
        if (kind == BodyKind.IMPORT) {
            object = "[" + "{\"externalId\":\"fuzz-" + random.nextInt() + "\",\"ownerId\":1,\"name\":\"n\","
                    + "\"foundedAt\":\"2001-01-01T00:00:00Z\",\"latitude\":1,\"longitude\":1}," + object + "]";
        }
        byte[] bytes = object.getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(8) == 0) {
            // truncated somewhere inside
            return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
        }
        return bytes;
    }

    private String goodValue(String field) {
        return switch (field) {
            case "email" -> "\"fuzz-" + Integer.toUnsignedString(random.nextInt()) + "@example.com\"";
            case "foundedAt" -> "\"2001-02-03T04:05:06Z\"";
            case "latitude", "longitude" -> "12.5";
            case "ownerId" -> "1";
            default -> "\"Fuzz Co\"";
        };
    }

    /** A value that is wrong for {@code field} whatever the other fields say. */
    private String badValue(String field) {
        List<String> wrongShape = List.of("[]", "{}", "[\"a\"]", "{\"a\":1}");
        List<String> texts = List.of("\"\"", "\"   \"", "\"x\\u0000y\"", "\"\\ud800\"", "\"\\udc00x\"",
                "\"\\u0001\\u0002\"", "\"a\\tb\"", "123", "1e400", "true", "-1.5");
        List<String> latitudes = List.of("\"abc\"", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "90.0000001",
                "-90.0000001", "1e308", "1e400", "\"12,5\"", "\"\"", "999", "true");
        List<String> longitudes = List.of("\"abc\"", "\"NaN\"", "\"Infinity\"", "180.0000001", "-180.0000001",
                "1e308", "-1e400", "\"12,5\"", "\"\"", "999", "true");
        List<String> instants = List.of("\"2026-01-01\"", "\"yesterday\"", "\"1800-01-01T00:00:00Z\"",
                "\"9999-12-31T23:59:59Z\"", "\"+999999999-12-31T23:59:59Z\"", "\"2026-02-30T00:00:00Z\"",
                "\"2026-01-01T25:00:00Z\"", "\"\"", "-99999999999999", "\"1899-12-31T23:59:59Z\"",
                "\"2101-01-01T00:00:00Z\"", "1e20", "true");
        List<String> emails = List.of("\"no-at\"", "\"a@\"", "\"@b\"", "\"a@b@c\"", "\"<script>@x.com\"",
                "\"" + "e".repeat(250) + "@example.com\"", "\"a\\u0000@example.com\"", "\"a @example.com\"",
                "\"\\u00e9@\"", "42", "false");
        List<String> externalIds = List.of("\"\"", "\"" + "i".repeat(101) + "\"", "\"x\\u0000\"", "\"\\ud800\"");
        List<String> ownerIds = List.of("-1", "0", "99999999999999999999", "\"abc\"", "1.5", "\"\"");
        String name = "s".repeat(201 + random.nextInt(5000));
        List<String> specific = switch (field) {
            case "email" -> emails;
            case "name" -> random.nextInt(5) == 0 ? List.of("\"" + name + "\"") : texts;
            case "foundedAt" -> instants;
            case "latitude" -> latitudes;
            case "longitude" -> longitudes;
            case "externalId" -> externalIds;
            default -> ownerIds;
        };
        return random.nextInt(5) == 0 ? pick(wrongShape) : pick(specific);
    }

    private byte[] badCsv() {
        String header = "externalId,ownerId,name,foundedAt,latitude,longitude\n";
        return switch (random.nextInt(8)) {
            case 0 -> ascii(header + "\"unclosed,1,n,2001-01-01T00:00:00Z,1,1\n");
            case 1 -> ascii(header + "a,1,n\n");
            case 2 -> ascii(header + "a,1,n,2001-01-01T00:00:00Z,1,1,extra\n");
            case 3 -> concat(ascii(header + "a,1,n"), new byte[] {0, (byte) 0xC3, 0x28}, ascii(",2001-01-01T00:00:00Z,1,1\n"));
            case 4 -> ascii("wrong,header\n1,2\n");
            case 5 -> ascii(header + "a,notanumber,n,2001-01-01T00:00:00Z,1,1\n");
            case 6 -> ascii(header + "a,1,n,2001-01-01T00:00:00Z,NaN,1\n");
            default -> ascii(header + "a,1,,2001-01-01T00:00:00Z,1,1\n");
        };
    }

    /** Requests no HTTP client library would send. */
    private Request malformedRequestLine() {
        String me = "/api/users/me";
        String auth = "Authorization: Bearer " + userToken + "\r\n";
        String host = "Host: 127.0.0.1\r\n";
        byte[] request = switch (random.nextInt(26)) {
            case 0 -> ascii("GET  " + me + " HTTP/1.1\r\n" + host + "\r\n");
            case 1 -> ascii("GET " + me + " HTTP/1.2\r\n" + host + "\r\n");
            case 2 -> ascii("GET " + me + " HTTP/2.0\r\n" + host + "\r\n");
            case 3 -> ascii("GET " + me + " HTTP/1.1x\r\n" + host + "\r\n");
            case 4 -> ascii("GET " + me + " http/1.1\r\n" + host + "\r\n");
            case 5 -> ascii("GET " + me + "\r\n" + host + "\r\n");
            case 6 -> ascii("GET http://evil.example" + me + " HTTP/1.1\r\n" + host + auth + "\r\n");
            case 7 -> ascii("GET * HTTP/1.1\r\n" + host + "\r\n");
            case 8 -> ascii("GET api/users/me HTTP/1.1\r\n" + host + "\r\n");
            case 9 -> concat(ascii("GET /api/"), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF}, ascii(" HTTP/1.1\r\n" + host + "\r\n"));
            case 10 -> concat(ascii("GET /api/businesses/"), new byte[] {0}, ascii(" HTTP/1.1\r\n" + host + "\r\n"));
            case 11 -> ascii("GET /api/us ers/me HTTP/1.1\r\n" + host + "\r\n");
            case 12 -> ascii("GET " + me + " HTTP/1.1\n" + host.replace("\r\n", "\n") + auth.replace("\r\n", "\n") + "\n");
            case 13 -> ascii("GET /" + "a".repeat(70_000) + " HTTP/1.1\r\n" + host + "\r\n");
            case 14 -> ascii("\r\n\r\nGET " + me + " HTTP/1.1\r\n" + host + auth + "\r\n");
            case 15 -> randomBytes(1 + random.nextInt(500));
            case 16 -> ascii("GET " + me + " HTTP/1.1\r\n" + auth + "\r\n");
            case 17 -> ascii("GET " + me + " HTTP/1.1\r\n" + host + "NoColonHeader\r\n" + auth + "\r\n");
            case 18 -> ascii("GET " + me + " HTTP/1.1\r\n" + host + " Leading: space\r\n" + auth + "\r\n");
            case 19 -> ascii("GET " + me + " HTTP/1.1\r\n" + host + "X-Fold: a\r\n b\r\n" + auth + "\r\n");
            case 20 -> ascii("POST /api/users HTTP/1.1\r\n" + host + "Content-Type: application/json\r\n"
                    + "Content-Length: 5\r\nContent-Length: 7\r\n\r\n{\"a\":1}");
            case 21 -> ascii("POST /api/users HTTP/1.1\r\n" + host + "Content-Type: application/json\r\n"
                    + "Content-Length: -5\r\n\r\n{}");
            case 22 -> ascii("POST /api/users HTTP/1.1\r\n" + host + "Content-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
            case 23 -> ascii("POST /api/users HTTP/1.1\r\n" + host + "Content-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
            case 24 -> ascii("GET " + me + " HTTP/1.1\r\n" + host + "Bad Name: x\r\n" + auth + "\r\n");
            default -> concat(ascii("GET " + me + " HTTP/1.1\r\n" + host + "X-Ctl: a"), new byte[] {1, 0x7F},
                    ascii("\r\n" + auth + "\r\n"));
        };
        return new Request("raw request line", "", new byte[0], List.of(), null, true, request);
    }

    private String randomAscii(int length) {
        StringBuilder text = new StringBuilder();
        String alphabet = "abcXYZ019-._~!$&'()*+,;=:@%/?#[]";
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString().replace("#", "%23").replace("?", "%3F");
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static String printable(byte[] bytes, int max) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < bytes.length && text.length() < max; i++) {
            int b = bytes[i] & 0xFF;
            text.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return bytes.length > max ? text + "...(" + bytes.length + " bytes)" : text.toString();
    }
}
