package io.hearth.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearth.core.ledger.Resources;
import io.hearth.server.leases.ResourceNames;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Resources in the allocs API's JSON as the api node reads them for placement ({@code
 * memory_bytes}, {@code cpu_mcpus}, {@code disk_bytes}, {@code gpus}, any other key a named
 * resource; a missing key is 0), with the leases API's one name mapping ({@link ResourceNames}).
 * Stateless.
 */
final class ResourcesJson {
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
    Map<String, Long> wire = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
        throw new IllegalArgumentException("'" + field + "." + e.getKey() + "' must be a whole number >= 0, not " + v);
      }
      wire.put(e.getKey(), v.asLong());
    }
    try {
      return ResourceNames.fromWire(wire);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + field + "': " + e.getMessage(), e);
    }
  }

  /** The JSON name of a resource of {@link Resources} ({@code memory} is {@code memory_bytes}, ...). */
  static String wireName(String name) {
    return ResourceNames.wireName(name);
  }

  static ObjectNode write(Resources r) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ResourceNames.toWire(r).forEach(out::put);
    return out;
  }
}
