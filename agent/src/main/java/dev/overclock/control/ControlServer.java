package dev.overclock.control;

import dev.overclock.log.AgentLog;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;

/**
 * The agent's end of the control channel: a Unix-domain socket, served by one daemon thread
 * named {@code overclock-control}, one request at a time.
 *
 * <h2>Who can talk to it</h2>
 *
 * Only the JVM's own user (and root, like the JDK's attach mechanism): the socket lives in an
 * owner-only directory ({@link SocketDirectory}), is itself owner-only, and each connection's
 * peer is checked against the kernel's credentials where the JVM can read them. Nothing listens
 * on a network interface.
 *
 * <h2>Why it cannot hang the agent</h2>
 *
 * A request is one short line read with a deadline, the reply is written with a deadline, and a
 * handler failure becomes an error reply; the thread only ever blocks in {@code accept}, which
 * {@link #close} interrupts by closing the socket.
 */
public final class ControlServer {

  private static final long REQUEST_MILLIS = 2_000;
  private static final long REPLY_MILLIS = 10_000;

  private final ServerSocketChannel server;
  private final Path socket;
  private final ControlHandler handler;
  private final UserPrincipal owner;
  private final UserPrincipal root;
  private final Thread thread;
  private volatile boolean closed;

  private ControlServer(ServerSocketChannel server, Path socket, ControlHandler handler,
      UserPrincipal owner, UserPrincipal root) {
    this.server = server;
    this.owner = owner;
    this.root = root;
    this.socket = socket;
    this.handler = handler;
    this.thread = new Thread(this::serve, "overclock-control");
    this.thread.setDaemon(true);
  }

  /** Opens the socket of this JVM and starts serving {@code handler}. */
  public static ControlServer open(ControlHandler handler) throws IOException {
    return open(handler, SocketDirectory.socketOf(ProcessHandle.current().pid()));
  }

  /**
   * Opens {@code socket}, whose directory {@link SocketDirectory} checked before: checked again
   * after the bind, so a directory swapped or loosened in between is refused (tests call this
   * with a directory that fails the second check).
   */
  static ControlServer open(ControlHandler handler, Path socket) throws IOException {
    Files.deleteIfExists(socket); // a socket of an earlier JVM with the same pid
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    UserPrincipal owner;
    try {
      server.bind(UnixDomainSocketAddress.of(socket));
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
      // The directory is checked again now that the socket is in it: it cannot have been
      // swapped between the check and the bind without this seeing it. The socket we just
      // created is owned by this process's uid: peers are compared with that, by number.
      SocketDirectory.ensure(socket.getParent());
      owner = Files.getOwner(socket, LinkOption.NOFOLLOW_LINKS);
      if (!owner.equals(Files.getOwner(socket.getParent(), LinkOption.NOFOLLOW_LINKS))) {
        throw new IOException(socket.getParent() + " is not owned by this process's user");
      }
    } catch (IOException | RuntimeException e) {
      server.close();
      Files.deleteIfExists(socket);
      throw e;
    }
    ControlServer control = new ControlServer(server, socket, handler, owner, root());
    control.thread.start();
    return control;
  }

  /** The root user (uid 0), who may connect like the JDK's attach mechanism allows; or null. */
  private static UserPrincipal root() {
    try {
      return FileSystems.getDefault().getUserPrincipalLookupService()
          .lookupPrincipalByName("root");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The socket's path, for the command line to find (published as a system property). */
  public Path socket() {
    return socket;
  }

  /**
   * Stops serving and deletes the socket. Safe from any thread, including the channel's own
   * (a {@code detach} handler closes the channel it is answering on: its reply still goes out).
   */
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      // a leftover socket is removed by the next agent of this user
    }
    if (Thread.currentThread() != thread) {
      try {
        thread.join(REPLY_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether the channel's thread is still running (tests). */
  boolean isServing() {
    return thread.isAlive();
  }

  private void serve() {
    while (!closed) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (IOException e) {
        break; // closed
      }
      try (client) {
        answer(client);
      } catch (IOException | RuntimeException e) {
        AgentLog.debug("control request failed: " + e);
      }
    }
  }

  /**
   * Why a connection is refused, or {@code null} when its user may send requests: the JVM's own
   * user and root only, compared as the file system's principals (numeric uids on Linux). Fails
   * closed: without the kernel's word on who connected ({@code peer} null), nobody is let in.
   */
  static String refusal(UserPrincipal peer, UserPrincipal owner, UserPrincipal root) {
    if (peer == null) {
      return "control channel: refused a connection whose user the JVM cannot tell (SO_PEERCRED"
          + " unavailable; module jdk.net not resolved?)";
    }
    if (!peer.equals(owner) && !peer.equals(root)) {
      return "control channel: refused a connection from user " + peer.getName();
    }
    return null;
  }

  private void answer(SocketChannel client) throws IOException {
    UserPrincipal peer = PeerCredentials.user(client);
    String refusal = refusal(peer, owner, root);
    if (refusal != null) {
      if (peer == null) {
        AgentLog.warnOnce("control-peer", refusal);
      } else {
        AgentLog.warn(refusal);
      }
      return;
    }
    String command = Deadlines.readLine(client, ControlProtocol.MAX_REQUEST, Deadlines.after(REQUEST_MILLIS));
    StringBuilder reply = new StringBuilder();
    try {
      List<String> lines = dispatch(command);
      reply.append(ControlProtocol.OK).append('\n');
      for (String line : lines) {
        reply.append(line).append('\n');
      }
    } catch (ControlException e) {
      reply.setLength(0);
      reply.append(ControlProtocol.ERROR).append('\t').append(ControlProtocol.clean(e.getMessage())).append('\n');
    } catch (RuntimeException | LinkageError e) {
      reply.setLength(0);
      reply.append(ControlProtocol.ERROR).append('\t')
          .append(ControlProtocol.clean("the agent failed: " + e)).append('\n');
    }
    Deadlines.write(client, reply.toString(), Deadlines.after(REPLY_MILLIS));
  }

  private List<String> dispatch(String command) {
    switch (command) {
      case ControlProtocol.STATUS:
        return handler.status();
      case ControlProtocol.REPORT:
        return handler.report();
      case ControlProtocol.DETACH:
        return handler.detach();
      default:
        throw new ControlException("unknown command '" + ControlProtocol.clean(command) + "'");
    }
  }
}
