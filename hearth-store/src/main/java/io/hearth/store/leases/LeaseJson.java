package io.hearth.store.leases;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.store.StoreException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON text columns of allocs and execs: labels and env as objects of strings, resources as
 * an object of whole numbers, cmd as an array of strings. Keys are written sorted, so equal maps
 * give equal text.
 */
final class LeaseJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<Map<String, Long>> AMOUNTS = new TypeReference<>() {};
  private static final TypeReference<List<String>> LIST = new TypeReference<>() {};

  private LeaseJson() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value instanceof Map<?, ?> map ? new TreeMap<>(map) : value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings or numbers and lists of strings always serialize", e);
    }
  }

  static Map<String, String> strings(String json, String column) {
    return read(json, STRINGS, column, "a JSON object of strings");
  }

  static Map<String, Long> amounts(String json, String column) {
    return read(json, AMOUNTS, column, "a JSON object of whole numbers");
  }

  static List<String> list(String json, String column) {
    return read(json, LIST, column, "a JSON array of strings");
  }

  private static <T> T read(String json, TypeReference<T> type, String column, String what) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new StoreException.Failed("the stored " + column + " is not " + what + ": " + e.getOriginalMessage(), e);
    }
  }
}
