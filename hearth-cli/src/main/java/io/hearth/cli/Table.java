package io.hearth.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Columns padded to their widest cell, for people; the last column is not padded. */
final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private final int width;

  Table(String... headers) {
    this.width = headers.length;
    rows.add(headers);
  }

  Table row(Object... cells) {
    if (cells.length != width) {
      throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + width);
    }
    String[] text = new String[width];
    for (int i = 0; i < width; i++) {
      text[i] = cells[i] == null ? "" : String.valueOf(cells[i]).replace('\n', ' ');
    }
    rows.add(text);
    return this;
  }

  void print(PrintStream out) {
    int[] widths = new int[width];
    for (String[] r : rows) {
      for (int i = 0; i < width; i++) {
        widths[i] = Math.max(widths[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < width; i++) {
        line.append(r[i]);
        if (i < width - 1) {
          line.append(" ".repeat(widths[i] - r[i].length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
