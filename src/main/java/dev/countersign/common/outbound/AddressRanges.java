package dev.countersign.common.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The address ranges an outbound call must not reach unless the operator allows them (server-side
 * request forgery): loopback, private, link-local, shared, multicast, reserved and unspecified
 * addresses, in IPv4 and IPv6, including IPv4 addresses written as IPv6.
 */
final class AddressRanges {
    private static final List<Cidr> NON_PUBLIC = List.of(
            Cidr.parse("0.0.0.0/8"), // "this network" (RFC 791)
            Cidr.parse("10.0.0.0/8"), // private (RFC 1918)
            Cidr.parse("100.64.0.0/10"), // shared address space (RFC 6598)
            Cidr.parse("127.0.0.0/8"), // loopback
            Cidr.parse("169.254.0.0/16"), // link-local, cloud metadata services
            Cidr.parse("172.16.0.0/12"), // private (RFC 1918)
            Cidr.parse("192.0.0.0/24"), // IETF protocol assignments (RFC 6890)
            Cidr.parse("192.168.0.0/16"), // private (RFC 1918)
            Cidr.parse("198.18.0.0/15"), // benchmarking (RFC 2544)
            Cidr.parse("224.0.0.0/4"), // multicast
            Cidr.parse("240.0.0.0/4"), // reserved and broadcast
            Cidr.parse("::/128"), // unspecified
            Cidr.parse("::1/128"), // loopback
            Cidr.parse("fc00::/7"), // unique local (RFC 4193)
            Cidr.parse("fe80::/10"), // link-local
            Cidr.parse("ff00::/8")); // multicast

    private AddressRanges() {}

    /** Whether the address is one a public service could legitimately be reached at. */
    static boolean isPublic(InetAddress address) {
        InetAddress plain = unmapped(address);
        return NON_PUBLIC.stream().noneMatch(range -> range.contains(plain));
    }

    /** {@code ::ffff:a.b.c.d} and {@code ::a.b.c.d} are the IPv4 address a.b.c.d. */
    static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean zeros = true;
            for (int i = 0; i < 10; i++) {
                zeros &= b[i] == 0;
            }
            boolean mapped = zeros && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            boolean compatible = zeros && b[10] == 0 && b[11] == 0 && (b[12] | b[13] | b[14]) != 0;
            if (mapped || compatible) {
                try {
                    return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return address;
    }
}
