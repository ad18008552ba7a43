package io.hearth.server.leases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.server.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An exec request's {@code mounts}: scratch sub-directories at absolute container paths, anything else a 400 naming it. */
class ExecMountsTest {
  private final LeaseRequests requests = new LeaseRequests(new ObjectMapper());

  private NodeLeases.ExecRequest exec(String mounts) {
    String body = "{\"image\":\"busybox\",\"cmd\":[],\"mounts\":" + mounts + "}";
    return requests.exec(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void mountsAreReadAsContainerPathToScratchSubdirectory() {
    assertThat(exec("{\"/out\":\"out\",\"/data/in\":\"inputs/a\"}").mounts())
        .isEqualTo(Map.of("/out", "out", "/data/in", "inputs/a"));
    assertThat(exec("null").mounts()).isEmpty();
  }

  @Test
  void badMountsAreRefusedNamingWhatIsWrong() {
    for (String bad : new String[] {"{\"out\":\"out\"}", "{\"/\":\"out\"}", "{\"/alloc\":\"out\"}",
        "{\"/alloc/x\":\"out\"}", "{\"/a/../b\":\"out\"}", "{\"/out/\":\"out\"}", "{\"/out\":\"\"}",
        "{\"/out\":\"/abs\"}", "{\"/out\":\"../up\"}", "{\"/out\":\"a//b\"}", "{\"/out\":3}", "[\"/out\"]"}) {
      assertThatThrownBy(() -> exec(bad)).as(bad).isInstanceOfSatisfying(ApiException.class,
          e -> assertThat(e.status()).isEqualTo(400)).hasMessageContaining("mounts");
    }
  }
}
