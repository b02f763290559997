package dev.overclock.prometheus;

import dev.overclock.log.AgentLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * A minimal HTTP/1.1 server on one thread: non-blocking sockets and one selector, so that its
 * cost is bounded by {@link Limits} whatever clients do, and it shares nothing with the
 * application (the JDK's {@code com.sun.net.httpserver} takes its limits from JVM-wide system
 * properties, which belong to the application).
 *
 * <ul>
 *   <li>At most {@code connections} connections are open. A new one beyond that takes the place
 *       of the oldest that is not being answered (still sending its request, or answered already),
 *       so that a client that connects and sends nothing ties up no slot for long; it is closed
 *       at once when all are being answered.
 *   <li>A client outside the allow-list is closed at once, before anything is read.
 *   <li>Each connection has {@code timeout} from accept to its last byte: a client that sends its
 *       request slowly, or reads the answer slowly, is closed then, and never delays the others.
 *   <li>The request head is read into a fixed buffer of {@code headBytes}; larger is answered 431.
 *   <li>Requests are answered one after the other on this thread: each answer is built in full
 *       (from the cached scrape) before it is written, without blocking.
 * </ul>
 */
final class MetricsServer {

  /** One client's connection, from accept to close. */
  private static final class Connection {
    final SocketChannel channel;
    final SelectionKey key;
    final InetAddress client;
    final ByteBuffer head;
    long deadlineNanos;
    ByteBuffer[] answer; // non-null while the answer is being written
    boolean answered; // the answer is sent; the client's rest is read and dropped until it closes

    Connection(SocketChannel channel, SelectionKey key, InetAddress client, int headBytes,
        long deadlineNanos) {
      this.channel = channel;
      this.key = key;
      this.client = client;
      this.head = ByteBuffer.allocate(headBytes);
      this.deadlineNanos = deadlineNanos;
    }
  }

  private static final long ACCEPT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final ServerSocketChannel listener;
  private final SelectionKey listenerKey;
  private final Selector selector;
  private final Limits limits;
  private final Predicate<InetAddress> allowed;
  private final BiFunction<RequestHead, InetAddress, Response> handler;
  private final Set<Connection> connections = new LinkedHashSet<>(); // oldest first
  private final CountDownLatch finished = new CountDownLatch(1);
  private long acceptPausedUntilNanos; // 0: accepting
  private volatile boolean closed;
  private volatile int open;

  private MetricsServer(ServerSocketChannel listener, SelectionKey listenerKey, Selector selector,
      Limits limits, Predicate<InetAddress> allowed,
      BiFunction<RequestHead, InetAddress, Response> handler) {
    this.listener = listener;
    this.listenerKey = listenerKey;
    this.selector = selector;
    this.limits = limits;
    this.allowed = allowed;
    this.handler = handler;
  }

  /**
   * Listens on the address; {@link #run} then serves.
   *
   * @throws IOException when the address cannot be bound (in use, not permitted, not local)
   */
  static MetricsServer bind(InetSocketAddress address, Limits limits,
      Predicate<InetAddress> allowed, BiFunction<RequestHead, InetAddress, Response> handler)
      throws IOException {
    ServerSocketChannel listener = ServerSocketChannel.open();
    Selector selector = null;
    try {
      listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      listener.bind(address, limits.backlog());
      listener.configureBlocking(false);
      selector = Selector.open();
      SelectionKey listenerKey = listener.register(selector, SelectionKey.OP_ACCEPT);
      return new MetricsServer(listener, listenerKey, selector, limits, allowed, handler);
    } catch (IOException | RuntimeException e) {
      listener.close();
      if (selector != null) {
        selector.close();
      }
      throw e;
    }
  }

  InetSocketAddress address() throws IOException {
    return (InetSocketAddress) listener.getLocalAddress();
  }

  /** Connections open now (test hook and the bound's evidence). */
  int openConnections() {
    return open;
  }

  /** Serves until {@link #close}; on the endpoint's thread. Never throws. */
  void run() {
    try {
      while (!closed) {
        long next = closeExpired(System.nanoTime());
        selector.select(next < 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(next) + 1));
        if (closed) {
          break;
        }
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          if (!key.isValid()) {
            continue;
          }
          if (key.attachment() == null) {
            accept();
          } else {
            serve((Connection) key.attachment());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        AgentLog.warn("the Prometheus endpoint stopped (" + e + "); the application is"
            + " unaffected");
      }
    } finally {
      new ArrayList<>(connections).forEach(this::close);
      quietly(listener);
      try {
        selector.close();
      } catch (IOException e) {
        // nothing left to release
      }
      finished.countDown();
    }
  }

  /**
   * Stops serving and closes the port; waits (a second at most) until the server's thread has
   * closed every connection. Any thread; never throws.
   */
  void close() {
    closed = true;
    selector.wakeup();
    try {
      finished.await(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    quietly(listener);
  }

  /** Releases the port of a server that will not {@link #run}; on the thread that bound it. */
  void discard() {
    closed = true;
    run();
  }

  private void accept() {
    // A bounded number per round, so that a flood of connections cannot keep the loop here.
    for (int i = 0; i < 4 * limits.connections(); i++) {
      SocketChannel channel;
      try {
        channel = listener.accept();
      } catch (IOException e) {
        // Out of file descriptors, say: the application's problem too. Accept nothing for a
        // moment rather than spin on a listener that stays ready.
        AgentLog.debug("the Prometheus endpoint could not accept a connection: " + e);
        listenerKey.interestOps(0);
        acceptPausedUntilNanos = System.nanoTime() + ACCEPT_PAUSE_NANOS;
        return;
      }
      if (channel == null) {
        return;
      }
      try {
        admit(channel);
      } catch (IOException | RuntimeException e) {
        quietly(channel); // the client is gone already
      }
    }
  }

  private void admit(SocketChannel channel) throws IOException {
    InetAddress client = ((InetSocketAddress) channel.getRemoteAddress()).getAddress();
    if (!allowed.test(client)) {
      AgentLog.warnOnce("prometheus-allow", "refused a connection to the Prometheus endpoint"
          + " from " + client.getHostAddress() + ", not in prometheus.allow (printed once;"
          + " later refusals only with verbose=true)");
      AgentLog.debug("refused a Prometheus connection from " + client.getHostAddress());
      quietly(channel);
      return;
    }
    if (connections.size() >= limits.connections() && !evictOldestUnanswered()) {
      AgentLog.debug("closed a Prometheus connection from " + client.getHostAddress()
          + ": " + connections.size() + " connections are being answered");
      quietly(channel);
      return;
    }
    channel.configureBlocking(false);
    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
    Connection connection = new Connection(channel, key, client, limits.headBytes(),
        System.nanoTime() + limits.timeout().toNanos());
    key.attach(connection);
    connections.add(connection);
    open = connections.size();
  }

  private boolean evictOldestUnanswered() {
    for (Connection connection : connections) {
      if (connection.answer == null) {
        AgentLog.debug("closed the oldest Prometheus connection not being answered, from "
            + connection.client.getHostAddress() + ", to make room for a new one");
        close(connection);
        return true;
      }
    }
    return false;
  }

  private void serve(Connection connection) {
    try {
      if (connection.answer != null) {
        write(connection);
      } else {
        read(connection);
      }
    } catch (IOException | RuntimeException e) {
      close(connection); // the client went away or sent something we cannot read
    }
  }

  private void read(Connection connection) throws IOException {
    ByteBuffer buffer = connection.head;
    int count = connection.channel.read(buffer);
    if (connection.answered) { // the rest of a request we do not read (a body): dropped
      buffer.clear();
      if (count < 0) {
        close(connection);
      }
      return;
    }
    if (count < 0) {
      close(connection);
      return;
    }
    int end = RequestHead.end(buffer.array(), buffer.position());
    if (end < 0) {
      if (!buffer.hasRemaining()) {
        answer(connection, Response.text(431, "the request head is larger than "
            + limits.headBytes() + " bytes\n"), false);
      }
      return;
    }
    RequestHead request;
    try {
      request = RequestHead.parse(buffer.array(), end);
    } catch (IllegalArgumentException e) {
      answer(connection, Response.text(400, "not an HTTP/1.1 request\n"), false);
      return;
    }
    answer(connection, handler.apply(request, connection.client), request.isHead());
  }

  private void answer(Connection connection, Response response, boolean head) throws IOException {
    connection.answer = response.buffers(head);
    connection.key.interestOps(SelectionKey.OP_WRITE);
    write(connection);
  }

  private void write(Connection connection) throws IOException {
    connection.channel.write(connection.answer);
    if (connection.answer[connection.answer.length - 1].hasRemaining()) {
      return; // the rest when the client has read some
    }
    // Sent. Closing now, with request bytes still unread, would make the kernel reset the
    // connection, and the client might lose the answer: half-close, and close once the client
    // has closed too (it does, after reading a Connection: close answer), or a little later.
    connection.channel.shutdownOutput();
    connection.answer = null;
    connection.answered = true;
    connection.head.clear();
    connection.key.interestOps(SelectionKey.OP_READ);
    connection.deadlineNanos =
        Math.min(connection.deadlineNanos, System.nanoTime() + Limits.LINGER.toNanos());
  }

  /**
   * Closes the connections past their deadline, accepts again after a pause; nanoseconds to the
   * next deadline, or -1.
   */
  private long closeExpired(long now) {
    long next = -1;
    if (acceptPausedUntilNanos != 0) {
      long left = acceptPausedUntilNanos - now;
      if (left <= 0) {
        acceptPausedUntilNanos = 0;
        listenerKey.interestOps(SelectionKey.OP_ACCEPT);
      } else {
        next = left;
      }
    }
    for (Connection connection : new ArrayList<>(connections)) {
      long left = connection.deadlineNanos - now;
      if (left <= 0) {
        if (!connection.answered) {
          AgentLog.debug("closed a Prometheus connection from "
              + connection.client.getHostAddress() + " after " + limits.timeout().toMillis()
              + " ms without a complete exchange");
        }
        close(connection);
      } else if (next < 0 || left < next) {
        next = left;
      }
    }
    return next;
  }

  private void close(Connection connection) {
    connections.remove(connection);
    open = connections.size();
    connection.key.cancel();
    quietly(connection.channel);
  }

  private static void quietly(java.io.Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // closed already, or the client is gone
    }
  }
}
