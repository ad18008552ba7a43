package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** HEARTH_LOG_FORMAT and HEARTH_LOG_LEVEL, applied to the real Logback of this JVM. */
class LogSettingsTest {
  private final PrintStream stderr = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  @AfterEach
  void restore() throws Exception {
    System.setErr(stderr);
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ContextInitializer(context).autoConfig(); // logback.xml again, for the tests after this one
  }

  private List<String> logLines(Map<String, String> env) {
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    LogSettings.fromEnv(env).apply();
    LoggerFactory.getLogger("io.hearth.server.Somewhere").info("started \"n1\"\non two lines");
    LoggerFactory.getLogger("io.hearth.server.Somewhere").debug("not shown below debug");
    LoggerFactory.getLogger("org.flywaydb.core.FlywayExecutor").info("Migrating schema");
    LoggerFactory.getLogger("com.zaxxer.hikari.HikariDataSource").warn("pool trouble");
    System.err.flush();
    return captured.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void jsonLinesParseAndCarryLevelLoggerAndMessage() throws Exception {
    List<String> lines = logLines(Map.of("HEARTH_LOG_FORMAT", "json", "HEARTH_LOG_LEVEL", "INFO"));
    assertThat(lines).hasSize(2);
    ObjectMapper json = new ObjectMapper();
    JsonNode first = json.readTree(lines.get(0));
    assertThat(first.get("level").asText()).isEqualTo("INFO");
    assertThat(first.get("loggerName").asText()).isEqualTo("io.hearth.server.Somewhere");
    assertThat(first.get("formattedMessage").asText()).isEqualTo("started \"n1\"\non two lines");
    assertThat(first.get("timestamp").asLong()).isPositive();
    JsonNode second = json.readTree(lines.get(1));
    assertThat(second.get("level").asText()).isEqualTo("WARN");
    assertThat(second.get("formattedMessage").asText()).isEqualTo("pool trouble");
  }

  @Test
  void quietByDefaultLibrariesWarnOnlyAndTextIsOneLinePerEvent() {
    List<String> lines = logLines(Map.of());
    assertThat(lines).as("Hearth's info and Flyway's chatter are below the default").hasSize(1);
    assertThat(lines.getFirst()).contains(" WARN ").contains("com.zaxxer.hikari").endsWith("pool trouble");
  }

  @Test
  void settingsAreCheckedWhenRead() {
    assertThat(LogSettings.fromEnv(Map.of())).isEqualTo(new LogSettings(LogSettings.Format.TEXT, Level.WARN));
    assertThat(LogSettings.fromEnv(Map.of("HEARTH_LOG_LEVEL", "debug")).level()).isEqualTo(Level.DEBUG);
    assertThatThrownBy(() -> LogSettings.fromEnv(Map.of("HEARTH_LOG_FORMAT", "xml")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("text or json");
    assertThatThrownBy(() -> LogSettings.fromEnv(Map.of("HEARTH_LOG_LEVEL", "loud")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warn");
  }
}
