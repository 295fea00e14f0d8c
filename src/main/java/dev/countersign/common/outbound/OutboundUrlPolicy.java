package dev.countersign.common.outbound;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides which URLs the service may call (server-side request forgery defence). A URL must be
 * absolute {@code https} with a host, no user information and no fragment; every address its host
 * resolves to must be public. The operator's {@code countersign.outbound.allowed-private-hosts}
 * admits named hosts, addresses or blocks despite being loopback or private, and over plain
 * {@code http} too. Checked once when a URL is registered ({@link #checkRegistered}) and again,
 * with a fresh DNS lookup, before every call ({@link #checkBeforeCall}).
 */
@ApplicationScoped
public class OutboundUrlPolicy {
    private final List<String> allowedNames = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Cidr> allowedBlocks = new ArrayList<>();

    public OutboundUrlPolicy(OutboundConfig config) {
        for (String entry : config.allowedPrivateHosts().orElse(List.of())) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (Cidr.isLiteral(trimmed)) {
                allowedBlocks.add(Cidr.parse(trimmed));
            } else {
                allowedNames.add(trimmed.toLowerCase(Locale.ROOT));
            }
        }
    }

    /**
     * Admits one more host name for this process, as if it were in
     * {@code countersign.outbound.allowed-private-hosts}: demo mode admits the service's own host,
     * where its demo target answers.
     */
    public void admitPrivateHost(String host) {
        allowedNames.add(host.trim().toLowerCase(Locale.ROOT));
    }

    /** The static rules, without DNS: for a URL given at registration. */
    public URI checkRegistered(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw new OutboundUrlRejected("is not a valid URL");
        }
        checkShape(uri);
        String host = host(uri);
        if (Cidr.isLiteral(host) && !allowed(host, Cidr.parse(host).toAddress())) {
            throw new OutboundUrlRejected("points to a private or loopback address");
        }
        return uri;
    }

    /** The static rules plus a DNS lookup of the host: every address must be public or allowed. */
    public void checkBeforeCall(URI uri) {
        checkShape(uri);
        String host = host(uri);
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new OutboundUrlRejected("host does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!allowed(host, address)) {
                throw new OutboundUrlRejected("host resolves to a private or loopback address");
            }
        }
    }

    private void checkShape(URI uri) {
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getRawAuthority() == null || uri.getHost() == null) {
            throw new OutboundUrlRejected("must be an absolute URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new OutboundUrlRejected("must not carry user information");
        }
        if (uri.getRawFragment() != null) {
            throw new OutboundUrlRejected("must not have a fragment");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && allowListed(host(uri))) {
            return;
        }
        if (!scheme.equals("https")) {
            throw new OutboundUrlRejected("must use https");
        }
    }

    private boolean allowed(String host, InetAddress address) {
        return AddressRanges.isPublic(address)
                || allowedNames.contains(host)
                || allowedBlocks.stream().anyMatch(block -> block.contains(address));
    }

    /** Whether the host itself is named by the allow-list (by name or as an allowed literal). */
    private boolean allowListed(String host) {
        if (allowedNames.contains(host)) {
            return true;
        }
        return Cidr.isLiteral(host)
                && allowedBlocks.stream()
                        .anyMatch(block -> block.contains(Cidr.parse(host).toAddress()));
    }

    private static String host(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
