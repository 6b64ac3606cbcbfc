package io.sightline.trainer.jobs.backbone;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The addresses a backbone download never connects to by default: everything that is not the public internet.
 * An IPv6 address carrying an IPv4 one (mapped, compatible, NAT64, 6to4) is judged by the IPv4 address, or a
 * private host would be one AAAA record away.
 */
final class RefusedAddresses {

    /** What kind of address it is, for the reason; the order puts the more specific kinds first. */
    enum Kind {
        METADATA("a cloud metadata address", false),
        UNSPECIFIED("an unspecified address", false),
        MULTICAST("a multicast or broadcast address", false),
        LINK_LOCAL("a link-local address", false),
        LOOPBACK("a loopback address", true),
        PRIVATE("a private address", true);

        final String description;
        /** Whether {@code url.private-networks} can let it through (an internal mirror); never the metadata service. */
        final boolean configurable;

        Kind(String description, boolean configurable) {
            this.description = description;
            this.configurable = configurable;
        }
    }

    private record Block(Kind kind, AddressRange range) {
    }

    private static final List<Block> BLOCKS = List.of(
            block(Kind.METADATA, "169.254.169.254/32"),    // AWS, GCP, Azure, OpenStack, DigitalOcean …
            block(Kind.METADATA, "fd00:ec2::254/128"),     // AWS over IPv6
            block(Kind.METADATA, "100.100.100.200/32"),    // Alibaba Cloud
            block(Kind.METADATA, "192.0.0.192/32"),        // Oracle Cloud
            block(Kind.UNSPECIFIED, "0.0.0.0/8"),
            block(Kind.UNSPECIFIED, "::/128"),
            block(Kind.MULTICAST, "224.0.0.0/4"),
            block(Kind.MULTICAST, "240.0.0.0/4"),          // reserved, and 255.255.255.255
            block(Kind.MULTICAST, "ff00::/8"),
            block(Kind.LINK_LOCAL, "169.254.0.0/16"),
            block(Kind.LINK_LOCAL, "fe80::/10"),
            block(Kind.LOOPBACK, "127.0.0.0/8"),
            block(Kind.LOOPBACK, "::1/128"),
            block(Kind.PRIVATE, "10.0.0.0/8"),
            block(Kind.PRIVATE, "172.16.0.0/12"),
            block(Kind.PRIVATE, "192.168.0.0/16"),
            block(Kind.PRIVATE, "100.64.0.0/10"),          // carrier-grade NAT, also used inside clusters
            block(Kind.PRIVATE, "192.0.0.0/24"),           // IETF protocol assignments
            block(Kind.PRIVATE, "198.18.0.0/15"),          // benchmarking, sometimes routed internally
            block(Kind.PRIVATE, "fc00::/7"),
            block(Kind.PRIVATE, "fec0::/10"));             // deprecated site-local

    private RefusedAddresses() {
    }

    private static Block block(Kind kind, String cidr) {
        return new Block(kind, AddressRange.parse(cidr));
    }

    /** The kind of a refused address; empty for a public one. */
    static Optional<Kind> kind(InetAddress address) {
        byte[] bytes = address.getAddress();
        Optional<Kind> own = kindOf(bytes);
        if (own.isPresent() || bytes.length == 4) {
            return own;
        }
        return embeddedIpv4(bytes).flatMap(RefusedAddresses::kindOf);
    }

    /**
     * Why the trainer does not connect to this address, or empty when it may: refused kinds are let through only
     * when configurable and inside one of the configured private networks.
     */
    static Optional<Kind> refusal(InetAddress address, List<AddressRange> allowedPrivate) {
        Optional<Kind> kind = kind(address);
        if (kind.isEmpty() || !kind.get().configurable) {
            return kind;
        }
        byte[] v4 = embeddedIpv4(address.getAddress()).orElse(null);
        boolean allowed = allowedPrivate.stream().anyMatch(r -> r.contains(address) || v4 != null && r.contains(v4));
        return allowed ? Optional.empty() : kind;
    }

    private static Optional<Kind> kindOf(byte[] bytes) {
        return BLOCKS.stream().filter(b -> b.range().contains(bytes)).map(Block::kind).findFirst();
    }

    /** The IPv4 address inside an IPv6 one that carries it (mapped, compatible, NAT64, 6to4), if any. */
    private static Optional<byte[]> embeddedIpv4(byte[] v6) {
        if (v6.length != 16) {
            return Optional.empty();
        }
        boolean zeros80 = allZero(v6, 0, 10);
        boolean mapped = zeros80 && (v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff;
        boolean compatible = zeros80 && v6[10] == 0 && v6[11] == 0 && !allZero(v6, 12, 16);
        boolean nat64 = (v6[0] & 0xff) == 0x00 && (v6[1] & 0xff) == 0x64 && (v6[2] & 0xff) == 0xff
                && (v6[3] & 0xff) == 0x9b && allZero(v6, 4, 12);
        if (mapped || compatible || nat64) {
            return Optional.of(Arrays.copyOfRange(v6, 12, 16));
        }
        if ((v6[0] & 0xff) == 0x20 && (v6[1] & 0xff) == 0x02) { // 6to4: 2002:AABB:CCDD::/48
            return Optional.of(Arrays.copyOfRange(v6, 2, 6));
        }
        return Optional.empty();
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
