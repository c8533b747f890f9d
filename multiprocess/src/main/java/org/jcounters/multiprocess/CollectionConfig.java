package org.jcounters.multiprocess;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * How a process takes part in multi-process collection. Immutable; build one with {@link #builder()}.
 *
 * <p>Every process of a group must use the same address list (in the same order) and the same secret.
 * Defaults follow PyCounters: two loopback ports, 60907 then 60906, role {@link Role#AUTO}, a 120 s
 * election timeout.
 *
 * <pre>{@code
 * CollectionConfig config = CollectionConfig.builder()
 *     .addresses(List.of(new InetSocketAddress("127.0.0.1", 60907), new InetSocketAddress("127.0.0.1", 60906)))
 *     .timeout(Duration.ofSeconds(30))
 *     .build();
 * }</pre>
 *
 * <p><b>Security.</b> The leader binds each collecting address itself, which by default is loopback,
 * so only processes of this machine can reach it. Binding anything else ({@link Builder#bindAddress}
 * with a wildcard or an interface, or a collecting address that is not loopback) requires a shared
 * secret of at least {@value #MIN_SECRET_BYTES} bytes: {@link #builder()}'s {@code build()} refuses
 * the configuration otherwise.
 */
public final class CollectionConfig {
  /** Most addresses a list may hold; also bounds the level a peer may name on the wire. */
  public static final int MAX_ADDRESSES = 16;
  /** Shortest shared secret accepted, in bytes. */
  public static final int MIN_SECRET_BYTES = 16;
  /** Default preferred collecting port (PyCounters' first default). */
  public static final int DEFAULT_PORT = 60907;
  /** Default fall-back collecting port (PyCounters' second default). */
  public static final int DEFAULT_FALLBACK_PORT = 60906;

  private final List<InetSocketAddress> addresses;
  private final Role role;
  private final Duration timeout;
  private final InetAddress bindAddress;
  private final byte[] secret;
  private final int maxFrameBytes;
  private final int maxNodes;
  private final Duration ioTimeout;
  private final Duration connectTimeout;
  private final Duration heartbeatInterval;
  private final Duration preferredRetryInterval;
  private final Duration rejoinGrace;
  private final Duration roundDeadline;
  private final Duration fallBackAfter;
  private final Duration handshakeTimeout;
  private final Path lockFile;
  private final String host;

  private CollectionConfig(Builder b) {
    this.addresses = List.copyOf(b.addresses);
    this.role = b.role;
    this.timeout = b.timeout;
    this.bindAddress = b.bindAddress;
    this.secret = b.secret == null ? null : b.secret.clone();
    this.maxFrameBytes = b.maxFrameBytes;
    this.maxNodes = b.maxNodes;
    this.ioTimeout = b.ioTimeout;
    this.connectTimeout = b.connectTimeout;
    this.heartbeatInterval = b.heartbeatInterval;
    this.preferredRetryInterval = b.preferredRetryInterval;
    this.rejoinGrace = b.rejoinGrace;
    this.roundDeadline = b.roundDeadline;
    this.fallBackAfter = b.fallBackAfter;
    this.handshakeTimeout = b.handshakeTimeout;
    this.lockFile = b.lockFile != null ? b.lockFile
        : Path.of(System.getProperty("java.io.tmpdir"), "jcounters-collection-" + addresses.get(0).getPort() + ".lock");
    this.host = b.host;
  }

  /** {@return a new builder holding the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the collecting addresses, best first: where a leader listens and where nodes look for one} Immutable. */
  public List<InetSocketAddress> addresses() {
    return addresses;
  }

  /** {@return the part this process may play: {@link Role#AUTO} by default} */
  public Role role() {
    return role;
  }

  /** {@return how long an election may try before it fails with an {@link ElectionException}} */
  public Duration timeout() {
    return timeout;
  }

  /**
   * {@return the address a leader binds with each collecting address's port, or {@code null} to bind the
   * collecting address itself (the default)}
   */
  public InetAddress bindAddress() {
    return bindAddress;
  }

  /** {@return whether a shared secret is configured} The secret itself is never handed out. */
  public boolean hasSecret() {
    return secret != null;
  }

  /** The secret's bytes, shared with the caller: never exposed outside the package. */
  byte[] secret() {
    return secret;
  }

  /** {@return the largest frame body accepted from an authenticated peer, in bytes} */
  public int maxFrameBytes() {
    return maxFrameBytes;
  }

  /** {@return the most nodes a leader serves at once, itself not counted} */
  public int maxNodes() {
    return maxNodes;
  }

  /** {@return the bound on each exchange: a handshake, a node's answer to a collect or ping, a move} */
  public Duration ioTimeout() {
    return ioTimeout;
  }

  /** {@return the bound on connecting to an address and getting the first answer during an election} */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * {@return the idle time after which the leader pings a node} A node that hears nothing for three
   * intervals re-elects.
   */
  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  /** {@return how often a leader on a fall-back address tries the better ones} */
  public Duration preferredRetryInterval() {
    return preferredRetryInterval;
  }

  /** {@return how long a newly elected leader waits for the previous leader's nodes before its first report} */
  public Duration rejoinGrace() {
    return rejoinGrace;
  }

  /**
   * How long a round waits for each node's values. A node later than this is not left out: the values
   * it sent last are carried forward and marked stale ({@code __stale_nodes__}), so one slow or silent
   * node delays a round by at most this much.
   *
   * @return the deadline of each node's answer in a round
   */
  public Duration roundDeadline() {
    return roundDeadline;
  }

  /**
   * How long an election keeps retrying an address that accepts connections but gives no protocol
   * answer (time-outs, resets, connections closed before an answer, a full backlog) before it treats
   * the address as held by a stranger and may lead on a worse one. An address that answers with
   * something other than the protocol is a stranger at once; one where nobody listens is free at once.
   *
   * @return how long an unanswering address is retried
   */
  public Duration fallBackAfter() {
    return fallBackAfter;
  }

  /** {@return how long a leader gives a new connection to complete its handshake before closing it} */
  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /**
   * The writer lock: only the process holding an exclusive lock on this file writes the group's reports,
   * and it keeps the election epoch (see {@link MultiProcessCollection#fenced}). Every process of the group
   * must name the same file; best beside the report file. Default: {@code jcounters-collection-PORT.lock}
   * in {@code java.io.tmpdir}, PORT being the preferred address's.
   *
   * @return the lock file, never null
   */
  public Path lockFile() {
    return lockFile;
  }

  /** {@return the host part of this process's node id, as configured (the node id sanitizes it)} */
  public String host() {
    return host;
  }

  /** The socket address a leader binds for the address at {@code level}. */
  InetSocketAddress bindAddressFor(int level) {
    InetSocketAddress address = addresses.get(level);
    return bindAddress == null ? address : new InetSocketAddress(bindAddress, address.getPort());
  }

  @Override
  public String toString() {
    return "CollectionConfig{addresses=" + addresses + ", role=" + role + ", timeout=" + timeout
        + ", bindAddress=" + (bindAddress == null ? "(each address)" : bindAddress) + ", secret=" + (secret == null ? "none" : "set")
        + ", maxFrameBytes=" + maxFrameBytes + ", maxNodes=" + maxNodes + ", ioTimeout=" + ioTimeout
        + ", connectTimeout=" + connectTimeout + ", heartbeatInterval=" + heartbeatInterval
        + ", preferredRetryInterval=" + preferredRetryInterval + ", rejoinGrace=" + rejoinGrace + ", roundDeadline=" + roundDeadline
        + ", fallBackAfter=" + fallBackAfter + ", handshakeTimeout=" + handshakeTimeout + ", lockFile=" + lockFile + "}";
  }

  /** Collects settings; {@link #build()} checks them together. Not thread-safe. */
  public static final class Builder {
    private List<InetSocketAddress> addresses = List.of(loopback(DEFAULT_PORT), loopback(DEFAULT_FALLBACK_PORT));
    private Role role = Role.AUTO;
    private Duration timeout = Duration.ofSeconds(120);
    private InetAddress bindAddress;
    private byte[] secret;
    private int maxFrameBytes = 4 << 20;
    private int maxNodes = 128;
    private Duration ioTimeout = Duration.ofSeconds(5);
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration heartbeatInterval = Duration.ofSeconds(2);
    private Duration preferredRetryInterval = Duration.ofSeconds(2);
    private Duration rejoinGrace = Duration.ofSeconds(5);
    private Duration roundDeadline = Duration.ofMillis(500);
    private Duration fallBackAfter = Duration.ofSeconds(10);
    private Duration handshakeTimeout = Duration.ofSeconds(3);
    private Path lockFile;
    private String host = NodeId.localHostName();

    private Builder() {}

    /**
     * The collecting addresses, best first (default 127.0.0.1:60907, 127.0.0.1:60906).
     *
     * @param addresses 1 to {@value #MAX_ADDRESSES} resolved addresses with fixed ports, the same list on
     *     every process of the group; copied, checked by {@link #build()}
     * @return this builder
     * @throws NullPointerException if {@code addresses} is null
     */
    public Builder addresses(List<InetSocketAddress> addresses) {
      this.addresses = new ArrayList<>(Objects.requireNonNull(addresses, "addresses"));
      return this;
    }

    /**
     * Loopback addresses on these ports, best first.
     *
     * @param ports the ports of 127.0.0.1, checked by {@link #build()}
     * @return this builder
     */
    public Builder loopbackPorts(int... ports) {
      List<InetSocketAddress> list = new ArrayList<>();
      for (int port : ports) {
        list.add(loopback(port));
      }
      return addresses(list);
    }

    /**
     * The part this process may play; {@link Role#AUTO} by default, what every process of a group normally uses.
     *
     * @param role the role
     * @return this builder
     * @throws NullPointerException if {@code role} is null
     */
    public Builder role(Role role) {
      this.role = Objects.requireNonNull(role, "role");
      return this;
    }

    /**
     * How long an election may try before it fails with an {@link ElectionException}; 120 s by default.
     *
     * @param timeout the election timeout, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws NullPointerException if {@code timeout} is null
     */
    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    /**
     * Bind this address (e.g. the wildcard {@code 0.0.0.0}) with each collecting port; requires a secret unless loopback.
     *
     * @param bindAddress the address a leader binds, or {@code null} (the default) to bind each collecting address
     * @return this builder
     */
    public Builder bindAddress(InetAddress bindAddress) {
      this.bindAddress = bindAddress;
      return this;
    }

    /**
     * The shared secret, at least {@value #MIN_SECRET_BYTES} bytes; {@code null} for none. Copied.
     *
     * @param secret the same bytes on every process of the group, or {@code null}; its length is checked by {@link #build()}
     * @return this builder
     */
    public Builder secret(byte[] secret) {
      this.secret = secret == null ? null : secret.clone();
      return this;
    }

    /**
     * The shared secret as UTF-8 text.
     *
     * @param secret the same text on every process of the group, at least {@value #MIN_SECRET_BYTES}
     *     bytes in UTF-8, or {@code null} for none
     * @return this builder
     */
    public Builder secret(String secret) {
      return secret(secret == null ? null : secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The largest frame body accepted from an authenticated peer; 4 MiB by default. A report of many
     * counters must fit in one frame.
     *
     * @param maxFrameBytes the limit in bytes, 16 KiB to 256 MiB (checked by {@link #build()})
     * @return this builder
     */
    public Builder maxFrameBytes(int maxFrameBytes) {
      this.maxFrameBytes = maxFrameBytes;
      return this;
    }

    /**
     * The most nodes a leader serves at once, itself not counted; 128 by default. Connections beyond are refused.
     *
     * @param maxNodes the limit, 1 to 4096 (checked by {@link #build()})
     * @return this builder
     */
    public Builder maxNodes(int maxNodes) {
      this.maxNodes = maxNodes;
      return this;
    }

    /**
     * The bound on each exchange (a handshake, a node's answer to a collect or ping, a move); 5 s by default.
     *
     * @param ioTimeout the bound, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code ioTimeout} is zero or negative
     * @throws NullPointerException if {@code ioTimeout} is null
     */
    public Builder ioTimeout(Duration ioTimeout) {
      this.ioTimeout = positive(ioTimeout, "ioTimeout");
      return this;
    }

    /**
     * The bound on connecting to an address and getting its first answer during an election; 2 s by default.
     *
     * @param connectTimeout the bound, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code connectTimeout} is zero or negative
     * @throws NullPointerException if {@code connectTimeout} is null
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * The idle time after which the leader pings a node; 2 s by default. A node that hears nothing
     * for three intervals re-elects.
     *
     * @param heartbeatInterval the interval, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code heartbeatInterval} is zero or negative
     * @throws NullPointerException if {@code heartbeatInterval} is null
     */
    public Builder heartbeatInterval(Duration heartbeatInterval) {
      this.heartbeatInterval = positive(heartbeatInterval, "heartbeatInterval");
      return this;
    }

    /**
     * How often a leader on a fall-back address tries the better ones; 2 s by default.
     *
     * @param preferredRetryInterval the interval, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code preferredRetryInterval} is zero or negative
     * @throws NullPointerException if {@code preferredRetryInterval} is null
     */
    public Builder preferredRetryInterval(Duration preferredRetryInterval) {
      this.preferredRetryInterval = positive(preferredRetryInterval, "preferredRetryInterval");
      return this;
    }

    /**
     * How long a newly elected leader waits for the previous leader's nodes before its first report; 5 s by default.
     *
     * @param rejoinGrace the wait, zero or more
     * @return this builder
     * @throws IllegalArgumentException if {@code rejoinGrace} is negative
     * @throws NullPointerException if {@code rejoinGrace} is null
     */
    public Builder rejoinGrace(Duration rejoinGrace) {
      this.rejoinGrace = Objects.requireNonNull(rejoinGrace, "rejoinGrace");
      if (rejoinGrace.isNegative()) {
        throw new IllegalArgumentException("rejoinGrace must not be negative");
      }
      return this;
    }

    /**
     * How long a round waits for each node (default 500 ms); see {@link CollectionConfig#roundDeadline()}.
     *
     * @param roundDeadline the deadline, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code roundDeadline} is zero or negative
     * @throws NullPointerException if {@code roundDeadline} is null
     */
    public Builder roundDeadline(Duration roundDeadline) {
      this.roundDeadline = positive(roundDeadline, "roundDeadline");
      return this;
    }

    /**
     * How long an unanswering address is retried before falling back (default 10 s); see {@link CollectionConfig#fallBackAfter()}.
     *
     * @param fallBackAfter the time, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code fallBackAfter} is zero or negative
     * @throws NullPointerException if {@code fallBackAfter} is null
     */
    public Builder fallBackAfter(Duration fallBackAfter) {
      this.fallBackAfter = positive(fallBackAfter, "fallBackAfter");
      return this;
    }

    /**
     * How long a new connection may take to complete its handshake (default 3 s).
     *
     * @param handshakeTimeout the time, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code handshakeTimeout} is zero or negative
     * @throws NullPointerException if {@code handshakeTimeout} is null
     */
    public Builder handshakeTimeout(Duration handshakeTimeout) {
      this.handshakeTimeout = positive(handshakeTimeout, "handshakeTimeout");
      return this;
    }

    /**
     * The writer lock file, the same for every process of the group; {@code null} for the default.
     *
     * @param lockFile the file, or {@code null} for {@code jcounters-collection-PORT.lock} in {@code java.io.tmpdir}
     * @return this builder
     */
    public Builder lockFile(Path lockFile) {
      this.lockFile = lockFile;
      return this;
    }

    /**
     * The host part of the node id (default: this machine's name, read without DNS).
     *
     * @param host the name; the node id keeps only {@code [A-Za-z0-9.-]}, other characters become {@code -}
     * @return this builder
     * @throws NullPointerException if {@code host} is null
     */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * Checks the settings together and makes the configuration.
     *
     * @return the immutable configuration
     * @throws IllegalArgumentException if a setting is out of range, an address is unresolved or
     *     repeated, or a non-loopback address would be bound or reached without a secret
     */
    public CollectionConfig build() {
      if (addresses.isEmpty() || addresses.size() > MAX_ADDRESSES) {
        throw new IllegalArgumentException("between 1 and " + MAX_ADDRESSES + " addresses, got " + addresses.size());
      }
      if (new HashSet<>(addresses).size() != addresses.size()) {
        throw new IllegalArgumentException("an address is listed twice: " + addresses);
      }
      boolean allLoopback = bindAddress == null || bindAddress.isLoopbackAddress();
      for (InetSocketAddress address : addresses) {
        Objects.requireNonNull(address, "address");
        if (address.isUnresolved() || address.getPort() == 0) {
          throw new IllegalArgumentException("an address needs a resolved host and a fixed port: " + address);
        }
        allLoopback &= address.getAddress().isLoopbackAddress();
      }
      if (secret != null && secret.length < MIN_SECRET_BYTES) {
        throw new IllegalArgumentException("a shared secret needs at least " + MIN_SECRET_BYTES + " bytes");
      }
      if (!allLoopback && secret == null) {
        throw new IllegalArgumentException(
            "binding or reaching a non-loopback address lets other machines talk to the leader: configure a shared secret"
                + " (the same on every process) or use loopback addresses");
      }
      if (maxFrameBytes < 16 * 1024 || maxFrameBytes > 256 << 20) {
        throw new IllegalArgumentException("maxFrameBytes must be between 16 KiB and 256 MiB, got " + maxFrameBytes);
      }
      if (maxNodes < 1 || maxNodes > 4096) {
        throw new IllegalArgumentException("maxNodes must be between 1 and 4096, got " + maxNodes);
      }
      return new CollectionConfig(this);
    }

    private static InetSocketAddress loopback(int port) {
      try {
        // by bytes, not by name: no resolver is consulted, and IPv4 loopback whatever the JVM prefers
        return new InetSocketAddress(InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1}), port);
      } catch (UnknownHostException e) {
        throw new AssertionError("a 4-byte address is always valid", e);
      }
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }
  }
}
