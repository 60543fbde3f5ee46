package org.opennapj.protocol;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * The {@code <ip>} field of 201, 204, 216, 501 and 10013: an IPv4 address as an unsigned 32-bit
 * decimal number, being the address's four bytes read little-endian (the first octet is the least
 * significant byte), so 127.0.0.1 is 16777343 and 1.2.3.4 is 67305985.
 */
public final class IpAddress {

    /** The wire value of 127.0.0.1. */
    public static final long LOOPBACK = 16777343L;

    private IpAddress() {
    }

    /**
     * The wire value of a 4-byte IPv4 address in network order (as {@link InetAddress#getAddress()}
     * gives it).
     *
     * @throws IllegalArgumentException if the array does not hold exactly 4 bytes
     */
    public static long toWire(byte[] ipv4) {
        Objects.requireNonNull(ipv4, "ipv4");
        if (ipv4.length != 4) {
            throw new IllegalArgumentException("an IPv4 address has 4 bytes, not " + ipv4.length);
        }
        return fromOctets(ipv4, 0);
    }

    /**
     * The wire value of an address. IPv4 addresses map directly; so do IPv4-mapped IPv6 addresses
     * ({@code ::ffff:a.b.c.d}). The IPv6 loopback gives 127.0.0.1's value; any other IPv6 address,
     * which the field cannot carry, gives 0.
     */
    public static long toWire(InetAddress address) {
        Objects.requireNonNull(address, "address");
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return toWire(bytes);
        }
        if (address instanceof Inet6Address) {
            if (address.isLoopbackAddress()) {
                return LOOPBACK;
            }
            if (isIpv4Mapped(bytes)) {
                return fromOctets(bytes, 12);
            }
        }
        return 0;
    }

    /**
     * The dotted quad for a wire value. Values from -2147483648 to 4294967295 are accepted (a
     * negative value being the same 32 bits printed as a signed number).
     *
     * @throws IllegalArgumentException if the value does not fit in 32 bits
     */
    public static String fromWire(long wire) {
        if (wire < Integer.MIN_VALUE || wire > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(wire + " is not a 32-bit address");
        }
        long v = wire & 0xFFFF_FFFFL;
        return (v & 0xFF) + "." + (v >>> 8 & 0xFF) + "." + (v >>> 16 & 0xFF) + "." + (v >>> 24 & 0xFF);
    }

    private static long fromOctets(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    private static boolean isIpv4Mapped(byte[] b) {
        if (b.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
    }
}
