package dev.countersign.common.http;

/**
 * The paths whose errors are OAuth errors ({@code {"error","error_description"}}) rather than
 * problem details. Kept in one place so the error mappers and the docs agree.
 */
public final class ProtocolPaths {
    private ProtocolPaths() {}

    public static boolean isProtocol(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.startsWith("bc-authorize")
                || p.startsWith("token")
                || p.startsWith("jwks")
                || p.startsWith("introspect")
                || p.startsWith("revoke")
                || p.startsWith("userinfo")
                || p.startsWith(".well-known");
    }
}
