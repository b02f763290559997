package dev.overclock.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IP address, or a range of them in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}), as
 * an allow-list names clients. Only literal addresses: a host name would need a DNS look-up, which
 * can block and can change under the list.
 *
 * @param network the range's first address (bits past the prefix are ignored)
 * @param prefix how many leading bits an address must share with {@code network}
 */
public record AddressRange(InetAddress network, int prefix) {

  static final String ACCEPTED =
      "IP addresses or CIDR ranges joined with ';', such as 10.0.0.5;192.168.0.0/16;::1";

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  /** Reads {@code 10.0.0.5}, {@code 10.0.0.0/8}, {@code ::1} or {@code [fd00::]/8}. */
  static AddressRange parse(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    if (address.startsWith("[") && address.endsWith("]")) {
      address = address.substring(1, address.length() - 1);
    }
    boolean ipv4 = IPV4.matcher(address).matches();
    if (ipv4) {
      for (String octet : address.split("\\.")) {
        if (Integer.parseInt(octet) > 255) {
          throw new IllegalArgumentException("'" + text + "' is not an IP address or range");
        }
      }
    } else if (!IPV6.matcher(address).matches()) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address or range");
    }
    InetAddress network;
    try {
      network = InetAddress.getByName(address); // a literal: no look-up
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address or range");
    }
    int bits = network.getAddress().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String length = text.substring(slash + 1);
      if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > bits) {
        throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + bits);
      }
      prefix = Integer.parseInt(length);
    }
    return new AddressRange(network, prefix);
  }

  /** Whether the address lies in this range (an IPv4 address never lies in an IPv6 range). */
  public boolean contains(InetAddress address) {
    if ((address instanceof Inet4Address) != (network instanceof Inet4Address)) {
      return false;
    }
    byte[] given = address.getAddress();
    byte[] ours = network.getAddress();
    for (int bit = 0; bit < prefix; bit++) {
      int mask = 0x80 >>> (bit % 8);
      if ((given[bit / 8] & mask) != (ours[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    int bits = network.getAddress().length * 8;
    return network.getHostAddress() + (prefix == bits ? "" : "/" + prefix);
  }
}
