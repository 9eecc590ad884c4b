package com.corpastro.performance.monitor.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes tags as {@code name=value,name=value} with {@code %}, {@code ,} and {@code =} in values
 * percent-encoded, and reads them back.
 */
public final class TagCodec {

    private TagCodec() {
    }

    public static String encode(Map<String, String> tags) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> entry : tags.entrySet()) {
            if (!out.isEmpty()) {
                out.append(',');
            }
            out.append(entry.getKey()).append('=');
            String value = entry.getValue();
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '%' -> out.append("%25");
                    case ',' -> out.append("%2C");
                    case '=' -> out.append("%3D");
                    default -> out.append(c);
                }
            }
        }
        return out.toString();
    }

    public static Map<String, String> decode(String encoded) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return Collections.unmodifiableMap(tags);
        }
        for (String pair : encoded.split(",", -1)) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("tag '" + pair + "' has no '=' in '" + encoded + "'");
            }
            String value = pair.substring(eq + 1).replace("%3D", "=").replace("%2C", ",").replace("%25", "%");
            tags.put(pair.substring(0, eq), value);
        }
        return Collections.unmodifiableMap(tags);
    }
}
