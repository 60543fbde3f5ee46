package org.opennapj.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class IpAddressTest {

    private static byte[] bytes(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    @Test
    void loopbackIsTheObservedValue() {
        assertThat(IpAddress.toWire(bytes(127, 0, 0, 1))).isEqualTo(16777343L).isEqualTo(IpAddress.LOOPBACK);
        assertThat(IpAddress.fromWire(16777343L)).isEqualTo("127.0.0.1");
    }

    @Test
    void firstOctetIsTheLeastSignificantByte() {
        assertThat(IpAddress.toWire(bytes(1, 2, 3, 4))).isEqualTo(0x04030201L);
        assertThat(IpAddress.fromWire(0x04030201L)).isEqualTo("1.2.3.4");
    }

    @Test
    void highOctetsStayUnsigned() {
        assertThat(IpAddress.toWire(bytes(255, 255, 255, 255))).isEqualTo(4294967295L);
        assertThat(IpAddress.toWire(bytes(0, 0, 0, 200))).isEqualTo(200L << 24);
        assertThat(IpAddress.fromWire(4294967295L)).isEqualTo("255.255.255.255");
        assertThat(IpAddress.toWire(bytes(0, 0, 0, 0))).isZero();
        assertThat(IpAddress.fromWire(0)).isEqualTo("0.0.0.0");
    }

    @Test
    void theSpecExampleDecodes() {
        // napster.txt 201 example: "... lefty 3437166285 4"
        assertThat(IpAddress.fromWire(3437166285L)).isEqualTo("205.254.222.204");
        assertThat(IpAddress.toWire(bytes(205, 254, 222, 204))).isEqualTo(3437166285L);
    }

    @Test
    void signedPrintingsOfTheSameBitsAreAccepted() {
        assertThat(IpAddress.fromWire(-1)).isEqualTo("255.255.255.255");
        assertThat(IpAddress.fromWire(Integer.MIN_VALUE)).isEqualTo("0.0.0.128");
    }

    @Test
    void valuesBeyond32BitsAreRejected() {
        // napster.txt's 204 example, 4877911892, does not fit in 32 bits
        assertThatThrownBy(() -> IpAddress.fromWire(4877911892L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpAddress.fromWire(1L << 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpAddress.fromWire(Integer.MIN_VALUE - 1L)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roundTripsEveryOctetInEveryPosition() {
        for (int position = 0; position < 4; position++) {
            for (int value = 0; value < 256; value++) {
                int[] octets = {10, 20, 30, 40};
                octets[position] = value;
                byte[] address = bytes(octets[0], octets[1], octets[2], octets[3]);
                String dotted = octets[0] + "." + octets[1] + "." + octets[2] + "." + octets[3];
                assertThat(IpAddress.fromWire(IpAddress.toWire(address))).isEqualTo(dotted);
            }
        }
    }

    @Test
    void wrongLengthIsRejected() {
        assertThatThrownBy(() -> IpAddress.toWire(new byte[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpAddress.toWire(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inetAddresses() throws Exception {
        assertThat(IpAddress.toWire(InetAddress.getByName("127.0.0.1"))).isEqualTo(16777343L);
        assertThat(IpAddress.toWire(InetAddress.getByName("192.168.1.20"))).isEqualTo(IpAddress.toWire(bytes(192, 168, 1, 20)));
        assertThat(IpAddress.toWire(InetAddress.getByName("::1"))).isEqualTo(16777343L);
        assertThat(IpAddress.toWire(InetAddress.getByName("2001:db8::1"))).isZero();
        assertThat(IpAddress.toWire(InetAddress.getByName("fe80::1"))).isZero();
    }

    @Test
    void ipv4MappedIpv6GivesTheIpv4Value() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        mapped[12] = 10;
        mapped[13] = 1;
        mapped[14] = 2;
        mapped[15] = 3;
        InetAddress address = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(address).isInstanceOf(Inet6Address.class);
        assertThat(IpAddress.toWire(address)).isEqualTo(IpAddress.toWire(bytes(10, 1, 2, 3)));
        // and the JDK's own conversion of the textual form
        assertThat(IpAddress.toWire(InetAddress.getByName("::ffff:10.1.2.3"))).isEqualTo(IpAddress.toWire(bytes(10, 1, 2, 3)));
    }
}
