package io.hearth.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * How the hearth command logs, from {@code HEARTH_LOG_FORMAT} ({@code text}, the default, or
 * {@code json}: one JSON object per line by Logback's {@link JsonEncoder}: timestamp (epoch ms),
 * level, threadName, loggerName, mdc, formattedMessage, throwable) and {@code
 * HEARTH_LOG_LEVEL} (Hearth's own loggers: {@code error}, {@code warn} (the default), {@code info},
 * {@code debug} or {@code trace}). Libraries (Jetty, gRPC and Netty, Flyway, Hikari, the JDBC
 * drivers) log warnings and errors only, whatever the level: their start-up chatter is not the
 * operator's concern. Logs go to standard error; standard output carries the one start line.
 */
record LogSettings(Format format, Level level) {
  /** Loggers held at WARN whatever HEARTH_LOG_LEVEL says. */
  static final List<String> LIBRARIES = List.of("org.eclipse.jetty", "io.grpc", "io.netty", "org.flywaydb",
      "com.zaxxer.hikari", "org.h2", "org.postgresql");
  private static final List<String> LEVELS = List.of("error", "warn", "info", "debug", "trace");

  enum Format { TEXT, JSON }

  static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";

  /** Reads the two settings; a value neither knows is refused with what it may be. */
  static LogSettings fromEnv(Map<String, String> env) {
    String format = env.getOrDefault("HEARTH_LOG_FORMAT", "text").strip().toLowerCase(Locale.ROOT);
    Format f = switch (format) {
      case "", "text" -> Format.TEXT;
      case "json" -> Format.JSON;
      default -> throw new IllegalArgumentException("HEARTH_LOG_FORMAT is text or json, not '" + format + "'");
    };
    String level = env.getOrDefault("HEARTH_LOG_LEVEL", "warn").strip().toLowerCase(Locale.ROOT);
    if (level.isEmpty()) {
      level = "warn";
    }
    if (!LEVELS.contains(level)) {
      throw new IllegalArgumentException("HEARTH_LOG_LEVEL is one of " + String.join(", ", LEVELS) + ", not '"
          + level + "'");
    }
    return new LogSettings(f, Level.toLevel(level));
  }

  /** Replaces Logback's configuration (logback.xml's defaults) with these settings. */
  void apply() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    Encoder<ILoggingEvent> encoder = encoder(context);
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("stderr");
    console.setTarget("System.err");
    console.setEncoder(encoder);
    console.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(console);
    context.getLogger("io.hearth").setLevel(level);
    LIBRARIES.forEach(name -> context.getLogger(name).setLevel(Level.WARN));
  }

  private Encoder<ILoggingEvent> encoder(LoggerContext context) {
    if (format == Format.JSON) {
      JsonEncoder json = new JsonEncoder();
      json.setContext(context);
      json.setWithSequenceNumber(false);
      json.setWithNanoseconds(false);
      json.setWithContext(false);
      json.setWithMessage(false); // the message with its arguments in place, not the pattern and the arguments
      json.setWithArguments(false);
      json.setWithFormattedMessage(true);
      json.start();
      return json;
    }
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern(TEXT_PATTERN);
    text.start();
    return text;
  }
}
