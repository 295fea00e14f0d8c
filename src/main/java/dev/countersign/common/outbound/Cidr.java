package dev.countersign.common.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 address block such as {@code 10.0.0.0/8}; a plain address is a block of one. */
record Cidr(byte[] network, int prefixLength) {
    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+(/\\d{1,3})?");

    /** Whether the text is an address or block literal (so it is never looked up in DNS). */
    static boolean isLiteral(String text) {
        return LITERAL.matcher(text).matches() && (text.contains(":") || text.matches("[0-9./]+"));
    }

    static Cidr parse(String text) {
        if (!isLiteral(text)) {
            throw new IllegalArgumentException("not an IP address or CIDR block: " + text);
        }
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            int length = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
            if (length > bytes.length * 8) {
                throw new IllegalArgumentException("prefix longer than the address: " + text);
            }
            return new Cidr(bytes, length);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address or CIDR block: " + text, e);
        }
    }

    /** The block's network address. */
    InetAddress toAddress() {
        try {
            return InetAddress.getByAddress(network);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean contains(InetAddress candidate) {
        byte[] bytes = AddressRanges.unmapped(candidate).getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (bytes[full] & mask) == (network[full] & mask);
    }
}
