package io.sightline.trainer.jobs.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which addresses a download never connects to; literals only, so nothing is looked up. */
class RefusedAddressesTest {

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, LOOPBACK", "127.1.2.3, LOOPBACK", "::1, LOOPBACK", "::ffff:127.0.0.1, LOOPBACK",
            "10.1.2.3, PRIVATE", "172.16.0.1, PRIVATE", "172.31.255.255, PRIVATE", "192.168.1.1, PRIVATE",
            "fc00::1, PRIVATE", "fd12:3456::1, PRIVATE", "100.64.0.1, PRIVATE", "64:ff9b::a00:1, PRIVATE",
            "2002:c0a8:0101::1, PRIVATE",
            "169.254.169.254, METADATA", "fd00:ec2::254, METADATA", "100.100.100.200, METADATA",
            "169.254.1.1, LINK_LOCAL", "fe80::1, LINK_LOCAL", "febf::1, LINK_LOCAL",
            "0.0.0.0, UNSPECIFIED", "::, UNSPECIFIED",
            "224.0.0.1, MULTICAST", "255.255.255.255, MULTICAST", "ff02::1, MULTICAST",
    })
    void refusedKinds(String ip, RefusedAddresses.Kind kind) throws Exception {
        assertThat(RefusedAddresses.kind(InetAddress.getByName(ip))).hasValue(kind);
    }

    @ParameterizedTest
    @CsvSource({"93.184.216.34", "172.32.0.1", "8.8.8.8", "2606:4700::1111", "2002:5db8:d822::1"})
    void publicAddressesPass(String ip) throws Exception {
        assertThat(RefusedAddresses.refusal(InetAddress.getByName(ip), List.of())).isEmpty();
    }

    @Test
    void configuredPrivateNetworksLetOnlyPrivateAndLoopbackThroughNeverTheMetadataService() throws Exception {
        List<AddressRange> everything = List.of(AddressRange.parse("0.0.0.0/0"), AddressRange.parse("::/0"));

        assertThat(RefusedAddresses.refusal(InetAddress.getByName("10.1.2.3"), everything)).isEmpty();
        assertThat(RefusedAddresses.refusal(InetAddress.getByName("10.1.2.3"), List.of(AddressRange.parse(
                "10.2.0.0/16")))).hasValue(RefusedAddresses.Kind.PRIVATE);
        assertThat(RefusedAddresses.refusal(InetAddress.getByName("169.254.169.254"), everything))
                .hasValue(RefusedAddresses.Kind.METADATA);
        assertThat(RefusedAddresses.refusal(InetAddress.getByName("fe80::1"), everything))
                .hasValue(RefusedAddresses.Kind.LINK_LOCAL);
    }
}
