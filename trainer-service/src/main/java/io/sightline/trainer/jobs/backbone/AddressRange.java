package io.sightline.trainer.jobs.backbone;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A block of IP addresses in CIDR notation ({@code 10.0.0.0/8}, {@code fc00::/7}). Parsing takes literals only, so
 * reading the configuration never triggers a DNS lookup.
 *
 * @param network the block's first address, as bytes (4 for IPv4, 16 for IPv6)
 * @param prefix  how many leading bits an address shares with it
 */
public record AddressRange(byte[] network, int prefix) {

    /** @throws IllegalArgumentException when the text is not an IP literal with an optional {@code /prefix} */
    public static AddressRange parse(String cidr) {
        String text = cidr.strip();
        int slash = text.indexOf('/');
        String literal = slash < 0 ? text : text.substring(0, slash);
        if (!literal.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            throw new IllegalArgumentException("not an IP address block (a.b.c.d/n or an IPv6 block): " + cidr);
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(literal).getAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address block: " + cidr, e);
        }
        int prefix;
        try {
            prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IP address block (prefix): " + cidr, e);
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("prefix out of range in " + cidr);
        }
        return new AddressRange(bytes, prefix);
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[full] & mask) == (network[full] & mask);
    }
}
