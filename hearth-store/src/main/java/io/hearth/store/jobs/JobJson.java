package io.hearth.store.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.store.StoreException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON text columns of jobs: command an array of strings, env and labels objects of strings (keys sorted). */
final class JobJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<List<String>> LIST = new TypeReference<>() {};

  private JobJson() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value instanceof Map<?, ?> map ? new TreeMap<>(map) : value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps and lists of strings always serialize", e);
    }
  }

  static Map<String, String> strings(String json, String column) {
    try {
      return MAPPER.readValue(json, STRINGS);
    } catch (JsonProcessingException e) {
      throw new StoreException.Failed("the stored " + column + " is not a JSON object of strings", e);
    }
  }

  static List<String> list(String json, String column) {
    try {
      return MAPPER.readValue(json, LIST);
    } catch (JsonProcessingException e) {
      throw new StoreException.Failed("the stored " + column + " is not a JSON array of strings", e);
    }
  }
}
