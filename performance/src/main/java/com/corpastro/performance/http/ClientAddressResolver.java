package com.corpastro.performance.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The client's address and scheme as far as they can be trusted. {@code X-Forwarded-For} and
 * {@code X-Forwarded-Proto} count only when the direct peer is one of the trusted proxies; then
 * the client is the right-most address in {@code X-Forwarded-For} (all its header lines joined, in
 * order) that is not itself a trusted proxy. From any other peer the headers are ignored, so a
 * client cannot pick its own address (and with it a fresh rate limit) by inventing them.
 *
 * <p><b>Trusted ranges must contain only proxies</b> (load balancers, ingress controllers): a
 * client inside a trusted range is skipped like a proxy, and an address it writes into
 * {@code X-Forwarded-For} is believed.
 *
 * <p>{@link #clientAddress} is the address, for logs; {@link #clientKey} is what per-client limits
 * count by: the address for IPv4, the /64 network for IPv6, since one IPv6 subscriber usually
 * holds a whole /64 and could otherwise take a new address (and a new bucket) per request.
 *
 * <pre>{@code
 * ClientAddressResolver resolver = ClientAddressResolver.of(List.of("10.0.0.0/8", "127.0.0.1"));
 * String ip = resolver.clientAddress(request);    // "2001:db8:1:2:0:0:0:7"
 * String key = resolver.clientKey(request);       // "2001:db8:1:2::/64"
 * boolean https = resolver.isSecure(request);
 * }</pre>
 */
public final class ClientAddressResolver {

    private final List<Cidr> trusted;

    private ClientAddressResolver(List<Cidr> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    /** A resolver that trusts the given proxies: IP literals or CIDR ranges such as {@code 10.0.0.0/8}. */
    public static ClientAddressResolver of(List<String> trustedProxies) {
        List<Cidr> cidrs = new ArrayList<>();
        for (String proxy : trustedProxies) {
            cidrs.add(Cidr.parse(proxy.trim()));
        }
        return new ClientAddressResolver(cidrs);
    }

    /** A resolver that trusts no proxy: the socket peer is always the client. */
    public static ClientAddressResolver direct() {
        return new ClientAddressResolver(List.of());
    }

    /** The client's IP address. */
    public String clientAddress(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (!isTrusted(peer)) {
            return peer;
        }
        List<String> hops = forwardedFor(request);
        String candidate = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress address = literal(hops.get(i));
            if (address == null) {
                return candidate;
            }
            candidate = address.getHostAddress();
            if (!isTrusted(address)) {
                return candidate;
            }
        }
        return candidate;
    }

    /**
     * What per-client limits count by: the {@link #clientAddress client address} for IPv4 (and
     * IPv4-mapped IPv6), its /64 network for IPv6 ({@code 2001:db8:1:2::/64}).
     */
    public String clientKey(HttpServletRequest request) {
        return key(clientAddress(request));
    }

    /** {@code address} for IPv4, its /64 network in compressed form for IPv6; anything else as it is. */
    static String key(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address;
        }
        InetAddress parsed = literal(address);
        if (parsed == null) {
            return address;
        }
        byte[] bytes = parsed.getAddress();
        if (bytes.length == 4) {
            return parsed.getHostAddress();
        }
        // The first four groups; zero groups at their end join the zero host part in one "::".
        int groups = 4;
        while (groups > 0 && bytes[2 * groups - 2] == 0 && bytes[2 * groups - 1] == 0) {
            groups--;
        }
        StringBuilder key = new StringBuilder(24);
        for (int i = 0; i < groups; i++) {
            if (i > 0) {
                key.append(':');
            }
            key.append(Integer.toHexString(((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF)));
        }
        return key.append("::/64").toString();
    }

    /** Every hop of every {@code X-Forwarded-For} line, in order, trimmed. */
    private static List<String> forwardedFor(HttpServletRequest request) {
        List<String> hops = new ArrayList<>();
        Enumeration<String> lines = request.getHeaders("X-Forwarded-For");
        while (lines != null && lines.hasMoreElements()) {
            String line = lines.nextElement();
            if (line == null) {
                continue;
            }
            for (String hop : line.split(",")) {
                String trimmed = hop.trim();
                if (!trimmed.isEmpty()) {
                    hops.add(trimmed);
                }
            }
        }
        return hops;
    }

    /** Whether the request reached us over HTTPS, directly or as a trusted proxy reports it. */
    public boolean isSecure(HttpServletRequest request) {
        if (request.isSecure()) {
            return true;
        }
        String proto = request.getHeader("X-Forwarded-Proto");
        if (proto == null || !isTrusted(request.getRemoteAddr())) {
            return false;
        }
        int comma = proto.indexOf(',');
        String first = (comma >= 0 ? proto.substring(0, comma) : proto).trim();
        return first.equalsIgnoreCase("https");
    }

    private boolean isTrusted(String address) {
        if (trusted.isEmpty()) {
            return false;
        }
        InetAddress parsed = literal(address);
        return parsed != null && isTrusted(parsed);
    }

    private boolean isTrusted(InetAddress address) {
        for (Cidr cidr : trusted) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** Parses an IP literal without ever asking DNS; {@code null} for anything else. */
    static InetAddress literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        boolean v6 = text.indexOf(':') >= 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.' || (v6 && (c == ':' || (c >= 'a' && c <= 'f')
                    || (c >= 'A' && c <= 'F')));
            if (!ok) {
                return null;
            }
        }
        if (!v6 && text.chars().filter(c -> c == '.').count() != 3) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            InetAddress address = literal(slash >= 0 ? text.substring(0, slash) : text);
            if (address == null) {
                throw new IllegalArgumentException("trusted proxy must be an IP address or CIDR range, was '" + text + "'");
            }
            int bits = address.getAddress().length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("trusted proxy prefix must be 0.." + bits + ", was '" + text + "'");
                }
            }
            return new Cidr(address.getAddress(), prefix);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (bytes[full] & mask) == (network[full] & mask);
        }
    }

    @Override
    public String toString() {
        return "ClientAddressResolver" + trusted.stream().map(c -> {
            try {
                return InetAddress.getByAddress(c.network()).getHostAddress() + "/" + c.prefix();
            } catch (UnknownHostException e) {
                return "?";
            }
        }).map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }
}
