package io.hearth.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearth.core.ledger.Resources;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Resources in the allocs API's JSON: {@code memory_bytes}, {@code cpu_mcpus}, {@code disk_bytes},
 * {@code gpus}, and any other key a named resource; a missing key is 0. Stateless.
 */
final class ResourcesJson {
  static final String MEMORY = "memory_bytes";
  static final String CPU = "cpu_mcpus";
  static final String DISK = "disk_bytes";
  static final String GPUS = "gpus";

  private ResourcesJson() {}

  /**
   * Reads a resources object.
   *
   * @throws IllegalArgumentException naming the field, when it is not an object of whole numbers &gt;= 0
   */
  static Resources read(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return Resources.ZERO;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("'" + field + "' must be an object such as {\"memory_bytes\": 1073741824, "
          + "\"cpu_mcpus\": 1000}");
    }
    long memory = 0;
    long cpu = 0;
    Map<String, Long> named = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
        throw new IllegalArgumentException("'" + field + "." + e.getKey() + "' must be a whole number >= 0, not " + v);
      }
      long amount = v.asLong();
      switch (e.getKey()) {
        case MEMORY -> memory = amount;
        case CPU -> cpu = amount;
        case DISK -> named.put(Resources.DISK, amount);
        case GPUS -> named.put(Resources.GPU, amount);
        case Resources.MEMORY, Resources.CPU -> throw new IllegalArgumentException("'" + field + "." + e.getKey()
            + "' is not a resource: use " + MEMORY + " and " + CPU);
        default -> named.put(e.getKey(), amount);
      }
    }
    return new Resources(memory, cpu, named);
  }

  /** The JSON name of a resource of {@link Resources} ({@code memory} is {@code memory_bytes}, ...). */
  static String wireName(String name) {
    return switch (name) {
      case Resources.MEMORY -> MEMORY;
      case Resources.CPU -> CPU;
      case Resources.DISK -> DISK;
      case Resources.GPU -> GPUS;
      default -> name;
    };
  }

  static ObjectNode write(Resources r) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put(MEMORY, r.memoryBytes());
    out.put(CPU, r.cpuMillis());
    r.named().forEach((name, amount) -> out.put(wireName(name), amount));
    return out;
  }
}
