package org.jcounters.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Test 4: the inlined advice allocates nothing per call. */
class AgentAllocationIT {
  @TempDir
  Path dir;

  @Test
  void shouldAllocateUnderOneKibibyteForAMillionPatchedCallsAfterWarmUp() throws Exception {
    Path rows = dir.resolve("patches.json");
    Files.writeString(rows, """
        [{"class": "com.example.app.Shop", "method": "empty", "event": "empty_calls", "counter": "EventCounter"}]
        """);

    ChildJvm.Result result = ChildJvm.run(rows.toString(), List.of("-Xmx256m"), ChildJvm.APP_ONLY, "com.example.app.AllocationApp");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Map<String, String> values = ChildJvm.values(result);
    assertThat(Long.parseLong(values.get("allocated"))).as(result.toString()).isLessThan(1024);
    // Every call reached the engine: a tight loop outruns the drainer, and its full ring folds.
    long counted = Long.parseLong(values.get("empty_calls").split(" ")[0]);
    assertThat(counted).as(result.toString()).isEqualTo(3_000_000); // a full ring folds: every call counted
  }
}
