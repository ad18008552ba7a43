package io.hearth.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small subset of YAML a deploy file needs, parsed without a library (the JDK has none):
 * block mappings ({@code key: value}, {@code key:} then an indented block), block sequences
 * ({@code - item}, {@code - key: value} starting a mapping), plain, 'single' and "double" quoted
 * scalars, the empty flow collections {@code {}} and {@code []}, comments and blank lines, and a
 * leading {@code ---}. Indent with spaces. Not supported (refused with the line number): tabs,
 * anchors and aliases, tags, multi-line strings, flow collections with content, several documents.
 *
 * <p>Scalars stay strings; the reader of the result converts numbers. Mappings keep their order.
 */
final class MiniYaml {
  private record Line(int number, int indent, String text) {}

  private final List<Line> lines;
  private int pos;

  private MiniYaml(List<Line> lines) {
    this.lines = lines;
  }

  /** A map, list or string; an empty document is an empty map. */
  static Object parse(String document) {
    MiniYaml y = new MiniYaml(lines(document));
    if (y.lines.isEmpty()) {
      return new LinkedHashMap<String, Object>();
    }
    Object root = y.block(y.lines.getFirst().indent());
    if (y.pos < y.lines.size()) {
      throw y.error(y.lines.get(y.pos), "unexpected indentation");
    }
    return root;
  }

  private static List<Line> lines(String document) {
    List<Line> out = new ArrayList<>();
    String[] raw = document.split("\r?\n", -1);
    for (int i = 0; i < raw.length; i++) {
      String line = raw[i];
      int indent = 0;
      while (indent < line.length() && line.charAt(indent) == ' ') {
        indent++;
      }
      if (indent < line.length() && line.charAt(indent) == '\t') {
        throw new IllegalArgumentException("line " + (i + 1) + ": indent with spaces, not tabs");
      }
      String text = stripComment(line.substring(indent)).stripTrailing();
      if (text.isEmpty() || out.isEmpty() && text.equals("---")) {
        continue;
      }
      if (text.equals("---") || text.equals("...")) {
        throw new IllegalArgumentException("line " + (i + 1) + ": only one document is supported");
      }
      out.add(new Line(i + 1, indent, text));
    }
    return out;
  }

  /** Removes a comment: '#' at the start or after a space, outside quotes. */
  private static String stripComment(String s) {
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == '\'' && quote == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
          i++; // '' inside single quotes is a quote
        } else if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"') {
          i++;
        }
      } else if ((c == '"' || c == '\'') && (i == 0 || " :-[{,".indexOf(s.charAt(i - 1)) >= 0)) {
        quote = c;
      } else if (c == '#' && (i == 0 || s.charAt(i - 1) == ' ')) {
        return s.substring(0, i);
      }
    }
    return s;
  }

  private Object block(int indent) {
    Line first = lines.get(pos);
    return isItem(first) ? sequence(indent) : mapping(indent);
  }

  private static boolean isItem(Line l) {
    return l.text().equals("-") || l.text().startsWith("- ");
  }

  private Map<String, Object> mapping(int indent) {
    Map<String, Object> map = new LinkedHashMap<>();
    while (pos < lines.size()) {
      Line line = lines.get(pos);
      if (line.indent() < indent || line.indent() == indent && isItem(line)) {
        break;
      }
      if (line.indent() > indent) {
        throw error(line, "unexpected indentation");
      }
      int colon = keyEnd(line.text());
      if (colon < 0) {
        throw error(line, "expected 'key: value'");
      }
      String key = scalar(line, line.text().substring(0, colon).strip());
      String rest = line.text().substring(colon + 1).strip();
      pos++;
      Object value;
      if (!rest.isEmpty()) {
        value = value(line, rest);
      } else if (pos < lines.size() && lines.get(pos).indent() > indent) {
        value = block(lines.get(pos).indent());
      } else if (pos < lines.size() && lines.get(pos).indent() == indent && isItem(lines.get(pos))) {
        value = sequence(indent); // a sequence may sit at its key's indentation
      } else {
        value = "";
      }
      if (map.put(key, value) != null) {
        throw error(line, "'" + key + "' is given twice");
      }
    }
    return map;
  }

  private List<Object> sequence(int indent) {
    List<Object> list = new ArrayList<>();
    while (pos < lines.size()) {
      Line line = lines.get(pos);
      if (line.indent() != indent || !isItem(line)) {
        if (line.indent() > indent) {
          throw error(line, "unexpected indentation");
        }
        break;
      }
      String rest = line.text().substring(1).strip();
      if (rest.isEmpty()) {
        pos++;
        if (pos >= lines.size() || lines.get(pos).indent() <= indent) {
          throw error(line, "an empty list item");
        }
        list.add(block(lines.get(pos).indent()));
      } else if (keyEnd(rest) >= 0 && !quoted(rest)) {
        // "- key: value": a mapping whose keys line up with this first one
        int column = indent + line.text().indexOf(rest);
        lines.set(pos, new Line(line.number(), column, rest));
        list.add(mapping(column));
      } else {
        pos++;
        list.add(value(line, rest));
      }
    }
    return list;
  }

  private Object value(Line line, String text) {
    if (text.equals("{}")) {
      return new LinkedHashMap<String, Object>();
    }
    if (text.equals("[]")) {
      return new ArrayList<>();
    }
    char c = text.charAt(0);
    if (c == '{' || c == '[') {
      throw error(line, "flow collections with content are not supported; write one entry per line");
    }
    if (c == '&' || c == '*' || c == '!' || c == '|' || c == '>') {
      throw error(line, "anchors, aliases, tags and multi-line strings are not supported");
    }
    return scalar(line, text);
  }

  private static boolean quoted(String s) {
    return s.startsWith("\"") || s.startsWith("'");
  }

  /** Where a key ends: the first ':' followed by a space or the end, outside quotes; -1 if none. */
  private static int keyEnd(String s) {
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (i == 0 && (c == '"' || c == '\'')) {
        quote = c;
      } else if (c == ':' && (i + 1 == s.length() || s.charAt(i + 1) == ' ')) {
        return i;
      }
    }
    return -1;
  }

  private String scalar(Line line, String text) {
    if (text.startsWith("'")) {
      if (text.length() < 2 || !text.endsWith("'")) {
        throw error(line, "unclosed quote");
      }
      return text.substring(1, text.length() - 1).replace("''", "'");
    }
    if (text.startsWith("\"")) {
      if (text.length() < 2 || !text.endsWith("\"")) {
        throw error(line, "unclosed quote");
      }
      return unescape(line, text.substring(1, text.length() - 1));
    }
    return text;
  }

  private String unescape(Line line, String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (++i >= s.length()) {
        throw error(line, "a string ends with a lone backslash");
      }
      char e = s.charAt(i);
      switch (e) {
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case '"', '\\', '/' -> b.append(e);
        case 'u' -> {
          try {
            b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          } catch (NumberFormatException | IndexOutOfBoundsException x) {
            throw error(line, "a \\u escape needs four hex digits");
          }
          i += 4;
        }
        default -> throw error(line, "unknown escape \\" + e);
      }
    }
    return b.toString();
  }

  private IllegalArgumentException error(Line line, String message) {
    return new IllegalArgumentException("line " + line.number() + ": " + message + ": " + line.text());
  }
}
