package org.jcounters.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectionConfigTest {
  private static final String SECRET = "sixteen+ bytes of secret";

  @Test
  void shouldDefaultToPyCountersPortsOnLoopback() {
    CollectionConfig config = CollectionConfig.builder().build();
    assertThat(config.addresses()).extracting(InetSocketAddress::getPort).containsExactly(60907, 60906);
    assertThat(config.addresses()).allSatisfy(a -> assertThat(a.getAddress().getHostAddress()).isEqualTo("127.0.0.1"));
    assertThat(config.role()).isEqualTo(Role.AUTO);
    assertThat(config.timeout()).hasSeconds(120);
    assertThat(config.hasSecret()).isFalse();
    assertThat(config.bindAddressFor(0)).isEqualTo(config.addresses().get(0));
    assertThat(config.maxFrameBytes()).isEqualTo(4 << 20);
  }

  @Test
  void shouldRequireASecretToBindTheWildcardAddress() throws Exception {
    InetAddress any = InetAddress.getByName("0.0.0.0");
    assertThatThrownBy(() -> CollectionConfig.builder().bindAddress(any).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shared secret");
    CollectionConfig config = CollectionConfig.builder().bindAddress(any).secret(SECRET).build();
    assertThat(config.bindAddressFor(1)).isEqualTo(new InetSocketAddress(any, 60906));
    assertThat(config.toString()).doesNotContain(SECRET);
  }

  @Test
  void shouldRequireASecretToReachANonLoopbackAddress() throws Exception {
    InetSocketAddress remote = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 1}), 60907);
    assertThatThrownBy(() -> CollectionConfig.builder().addresses(List.of(remote)).build()).isInstanceOf(IllegalArgumentException.class);
    assertThat(CollectionConfig.builder().addresses(List.of(remote)).secret(SECRET).build().hasSecret()).isTrue();
  }

  @Test
  void shouldRefuseWeakOrInconsistentSettings() {
    assertThatThrownBy(() -> CollectionConfig.builder().secret("short").build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CollectionConfig.builder().loopbackPorts().build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CollectionConfig.builder().loopbackPorts(1, 1).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CollectionConfig.builder().loopbackPorts(0).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CollectionConfig.builder().maxFrameBytes(100).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CollectionConfig.builder().maxNodes(0).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CollectionConfig.builder().addresses(List.of(InetSocketAddress.createUnresolved("x", 1))).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldMakeNodeIdsSafeAndUnique() {
    NodeId a = NodeId.next("my host/evil\n");
    NodeId b = NodeId.next("my host/evil\n");
    assertThat(a.toString()).matches("my-host-evil-_\\d+_\\d+_\\d+");
    assertThat(NodeId.isValid(a.toString())).isTrue();
    assertThat(a).isNotEqualTo(b);
    assertThat(NodeId.isValid("x".repeat(201))).isFalse();
    assertThat(NodeId.isValid("")).isFalse();
  }
}
