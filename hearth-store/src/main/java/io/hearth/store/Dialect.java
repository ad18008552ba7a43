package io.hearth.store;

/**
 * The databases Hearth runs on. The schema and the statements are the same on both; what differs
 * is said here, so a store never tests the URL itself.
 */
public enum Dialect {
  /** Embedded H2, the default; also in memory for tests. */
  H2("", "VARBINARY"),
  /** PostgreSQL, for clusters. */
  POSTGRES("COLLATE \"C\"", "BYTEA");

  private final String nameCollation;
  private final String bytesType;

  Dialect(String nameCollation, String bytesType) {
    this.nameCollation = nameCollation;
    this.bytesType = bytesType;
  }

  /** The type of a column of bytes, for the migrations' {@code ${bytes_type}}: H2's VARBINARY, PostgreSQL's BYTEA. */
  String bytesType() {
    return bytesType;
  }

  static Dialect of(DatastoreConfig config) {
    return config.isPostgres() ? POSTGRES : H2;
  }

  /**
   * What makes names sort by code point, for the migrations' {@code ${name_collation}}
   * placeholder: {@code COLLATE "C"} on PostgreSQL, nothing on H2 (which always does), so list
   * order and cursors do not depend on the database's locale.
   */
  String nameCollation() {
    return nameCollation;
  }
}
