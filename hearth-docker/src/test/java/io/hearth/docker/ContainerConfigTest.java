package io.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.core.driver.ContainerSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ContainerSpec to create-request JSON. */
class ContainerConfigTest {
  final ObjectMapper json = new ObjectMapper();

  @Test
  void hardenedSpecMapsToFnHardening() throws Exception {
    ContainerSpec spec = new ContainerSpec("c1", "fn/hello:1", Map.of("B", "2", "A", "1=x"), Map.of("io.hearth.fn", "f"),
        Path.of("/var/lib/hearth/iofs/c1"), 128L << 20, 1500, 50, 350, true, 32L << 20, "1000:1000");
    String expected = """
        {"Image":"fn/hello:1","Env":["A=1=x","B=2"],"Labels":{"io.hearth.fn":"f"},"User":"1000:1000",
         "AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,
         "StopTimeout":1,
         "HostConfig":{"NetworkMode":"none","Binds":["/var/lib/hearth/iofs/c1:/tmp/iofs"],
           "Memory":134217728,"MemorySwap":134217728,"NanoCpus":1500000000,"PidsLimit":50,
           "Ulimits":[{"Name":"nofile","Soft":350,"Hard":350}],"ReadonlyRootfs":true,
           "Tmpfs":{"/tmp":"mode=1777,size=33554432"},"Init":true,"CapDrop":["ALL"],
           "SecurityOpt":["no-new-privileges"],
           "LogConfig":{"Type":"json-file","Config":{"max-size":"1m","max-file":"1"}},
           "AutoRemove":false,"RestartPolicy":{"Name":"no"}}}""";
    assertThat(json.readTree(ContainerConfig.createBody(spec, json).toString())).isEqualTo(json.readTree(expected));
  }

  @Test
  void zeroLimitsAreLeftToTheEngine() {
    ContainerSpec spec = new ContainerSpec("c2", "img", Map.of(), Map.of(), Path.of("/s"), 0, 0, 0, 0, false, 0, "");
    var h = ContainerConfig.createBody(spec, json).path("HostConfig");
    assertThat(h.has("Memory")).isFalse();
    assertThat(h.has("NanoCpus")).isFalse();
    assertThat(h.has("PidsLimit")).isFalse();
    assertThat(h.has("Ulimits")).isFalse();
    assertThat(h.path("ReadonlyRootfs").asBoolean()).isFalse();
    assertThat(h.path("Tmpfs").path("/tmp").asText()).isEqualTo("mode=1777");
    assertThat(ContainerConfig.createBody(spec, json).has("User")).isFalse();
  }

  @Test
  void socketDirThatWouldBreakTheBindIsRefused() {
    ContainerSpec spec = new ContainerSpec("c3", "img", Map.of(), Map.of(), Path.of("/a:b"), 0, 0, 0, 0, false, 0, "");
    assertThatThrownBy(() -> ContainerConfig.createBody(spec, json)).hasMessageContaining("must not contain ':'");
  }

  @Test
  void execSpecHasItsCommandAndMountsAndNoSocketDirWithTheSameHardening() throws Exception {
    ContainerSpec spec = new ContainerSpec("e1", "busybox", Map.of(), Map.of("io.hearth.exec", "x"), null,
        16L << 20, 500, 64, 350, true, 0, "1000:1000", List.of("sh", "-c", "echo hi"),
        List.of(new ContainerSpec.Mount(Path.of("/data/a1"), "/alloc", false),
            new ContainerSpec.Mount(Path.of("/data/in"), "/in", true)), 40L << 20);
    var body = ContainerConfig.createBody(spec, json);
    String expected = """
        {"Image":"busybox","Env":[],"Labels":{"io.hearth.exec":"x"},"User":"1000:1000",
         "AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,
         "Cmd":["sh","-c","echo hi"],
         "HostConfig":{"NetworkMode":"none","Binds":["/data/a1:/alloc:rw","/data/in:/in:ro"],
           "Memory":16777216,"MemorySwap":16777216,"NanoCpus":500000000,"PidsLimit":64,
           "Ulimits":[{"Name":"nofile","Soft":350,"Hard":350}],"ReadonlyRootfs":true,
           "Tmpfs":{"/tmp":"mode=1777"},"Init":true,"CapDrop":["ALL"],
           "SecurityOpt":["no-new-privileges"],
           "LogConfig":{"Type":"json-file","Config":{"max-size":"41943040","max-file":"1"}},
           "AutoRemove":false,"RestartPolicy":{"Name":"no"}}}""";
    assertThat(json.readTree(body.toString())).isEqualTo(json.readTree(expected));
  }

  @Test
  void mountThatWouldBreakTheBindIsRefused() {
    ContainerSpec spec = new ContainerSpec("e2", "img", Map.of(), Map.of(), null, 0, 0, 0, 0, false, 0, "",
        List.of(), List.of(new ContainerSpec.Mount(Path.of("/a,b"), "/alloc", false)), 0);
    assertThatThrownBy(() -> ContainerConfig.createBody(spec, json)).hasMessageContaining("must not contain ':'");
  }

  @Test
  void functionSpecNeedsItsSocketDir() {
    assertThatThrownBy(() -> new ContainerSpec("c4", "img", Map.of(), Map.of(), null, 0, 0, 0, 0, false, 0, ""))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("socketDir");
  }

  @Test
  void labelFilter() {
    assertThat(ContainerConfig.labelFilter(json, Map.of("b", "2", "a", "1"), Map.of()))
        .isEqualTo("{\"label\":[\"a=1\",\"b=2\"]}");
  }
}
