package dev.overclock.control;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.attribute.UserPrincipal;

/**
 * The user at the other end of a Unix-domain connection, as the kernel tells it ({@code
 * SO_PEERCRED}). A second check after the socket directory's permissions, which already keep
 * other users out.
 *
 * <p>The option lives in module {@code jdk.net}, which a modular application's JVM may not have
 * resolved; the holder class keeps that failure to a {@code null} answer here.
 */
final class PeerCredentials {

  private PeerCredentials() {}

  /**
   * The peer's user, or {@code null} where the platform or the JVM cannot tell. On Unix the
   * principal compares by numeric uid ({@code equals}), not by name.
   */
  static UserPrincipal user(SocketChannel channel) {
    try {
      return Holder.user(channel);
    } catch (IOException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  private static final class Holder {
    static UserPrincipal user(SocketChannel channel) throws IOException {
      return channel.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user();
    }
  }
}
