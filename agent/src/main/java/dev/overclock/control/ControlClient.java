package dev.overclock.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;

/** The command line's end of the control channel: one request, one reply, per connection. */
public final class ControlClient {

  private static final int MAX_REPLY = 16 << 20;

  private ControlClient() {}

  /**
   * Sends {@code command} and returns the reply's payload lines.
   *
   * @throws ControlException when the agent answered with an error
   * @throws IOException when the channel cannot be reached or does not answer in time
   */
  public static List<String> request(Path socket, String command, long timeoutMillis)
      throws IOException {
    long deadline = Deadlines.after(timeoutMillis);
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      Deadlines.write(channel, command + "\n", deadline);
      List<String> lines = Deadlines.readAll(channel, MAX_REPLY, deadline).lines().toList();
      if (lines.isEmpty()) {
        throw new IOException("the agent closed the channel without an answer");
      }
      String first = lines.get(0);
      if (first.startsWith(ControlProtocol.ERROR + "\t")) {
        throw new ControlException(first.substring(ControlProtocol.ERROR.length() + 1));
      }
      if (!first.equals(ControlProtocol.OK)) {
        throw new IOException("unexpected answer from the agent: " + first);
      }
      return lines.subList(1, lines.size());
    }
  }
}
