package io.hearth.store.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.store.StoreException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Config and annotations as JSON text columns: a JSON object of strings, keys sorted so equal maps
 * give equal text. Annotation values are JSON texts themselves and are kept as strings, not parsed,
 * so they come back exactly as they were stored (parsing would reformat numbers and escapes).
 */
final class JsonMaps {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<Map<String, String>> MAP_OF_STRINGS = new TypeReference<>() {};

  private JsonMaps() {}

  static String write(Map<String, String> map) {
    try {
      return MAPPER.writeValueAsString(new TreeMap<>(map));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serializes", e);
    }
  }

  static Map<String, String> read(String json) {
    if (json == null || json.isEmpty()) {
      return Map.of();
    }
    try {
      return MAPPER.readValue(json, MAP_OF_STRINGS);
    } catch (JsonProcessingException e) {
      throw new StoreException.Failed("a stored map is not a JSON object of strings: " + e.getOriginalMessage(), e);
    }
  }
}
