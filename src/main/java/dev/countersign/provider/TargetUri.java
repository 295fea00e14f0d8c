package dev.countersign.provider;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;

/**
 * An http(s) target URI without query and fragment, normalised for comparison as RFC 9449 §4.3 asks:
 * "servers SHOULD employ syntax-based normalization (Section 6.2.2 of [RFC3986]) and scheme-based
 * normalization (Section 6.2.3 of [RFC3986]) before comparing the htu claim". Case of scheme and host,
 * percent-encoding case, percent-encoded unreserved characters, dot segments, the default port and an
 * empty path are normalised; user information is refused.
 */
public final class TargetUri {
    private static final String UNRESERVED_PUNCTUATION = "-._~";

    private TargetUri() {}

    /** The normalised form of an absolute http or https URI, ignoring its query and fragment. */
    public static Optional<String> normalize(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")
                || uri.getRawAuthority() == null
                || uri.getHost() == null
                || uri.getRawUserInfo() != null) {
            return Optional.empty();
        }
        int port = uri.getPort();
        boolean defaultPort =
                port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        String path = removeDotSegments(percentEncoding(uri.getRawPath() == null ? "" : uri.getRawPath()));
        return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port)
                + (path.isEmpty() ? "/" : path));
    }

    /** RFC 3986 §6.2.2.1 and §6.2.2.2: upper-case hex digits, decode percent-encoded unreserved characters. */
    private static String percentEncoding(String path) {
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') { // java.net.URI guarantees two hex digits follow
                int decoded = Integer.parseInt(path.substring(i + 1, i + 3), 16);
                if (Character.isLetterOrDigit(decoded) && decoded < 0x80
                        || UNRESERVED_PUNCTUATION.indexOf(decoded) >= 0) {
                    out.append((char) decoded);
                } else {
                    out.append('%').append(path.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
                }
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** RFC 3986 §5.2.4 remove_dot_segments, applied per §6.2.2.3. */
    private static String removeDotSegments(String path) {
        Deque<String> output = new ArrayDeque<>();
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals(".")) {
                if (last) {
                    output.addLast("");
                }
            } else if (segment.equals("..")) {
                output.pollLast();
                if (last) {
                    output.addLast("");
                }
            } else {
                output.addLast(segment);
            }
        }
        return output.isEmpty() && segments.length <= 1 ? "" : "/" + String.join("/", output);
    }
}
