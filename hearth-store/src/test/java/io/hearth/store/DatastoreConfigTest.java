package io.hearth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DatastoreConfigTest {

  private static final Path DATA = Path.of("/var/lib/hearth");

  @Test
  void emptyMeansEmbeddedH2InTheDataDirectory() {
    for (String url : new String[] {null, "", "  "}) {
      DatastoreConfig config = DatastoreConfig.fromUrl(url, DATA);
      assertThat(config.url()).isEqualTo("jdbc:h2:file:/var/lib/hearth/hearth;AUTO_SERVER=FALSE;WRITE_DELAY=0");
      assertThat(config.user()).isNull();
      assertThat(config.password()).isNull();
      assertThat(config.poolSize()).isEqualTo(DatastoreConfig.DEFAULT_POOL_SIZE);
      assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    }
  }

  @Test
  void relativeDataDirectoryBecomesAbsolute() {
    DatastoreConfig config = DatastoreConfig.fromUrl(null, Path.of("data"));
    assertThat(config.url())
        .isEqualTo("jdbc:h2:file:" + Path.of("data", "hearth").toAbsolutePath() + ";AUTO_SERVER=FALSE;WRITE_DELAY=0");
  }

  @Test
  void jdbcUrlsAreUsedAsTheyAre() {
    String url = "jdbc:postgresql://db:5432/hearth?user=u&ssl=true";
    assertThat(DatastoreConfig.fromUrl(url, DATA).url()).isEqualTo(url);
    assertThat(DatastoreConfig.fromUrl("jdbc:h2:mem:x", DATA).url()).isEqualTo("jdbc:h2:mem:x");
  }

  @Test
  void fnStylePostgresUrl() {
    DatastoreConfig config =
        DatastoreConfig.fromUrl("postgres://fn:s3cret@db.example.com:5433/funcs?sslmode=disable", DATA);
    assertThat(config.url()).isEqualTo("jdbc:postgresql://db.example.com:5433/funcs?sslmode=disable");
    assertThat(config.user()).isEqualTo("fn");
    assertThat(config.password()).isEqualTo("s3cret");
    assertThat(config.isPostgres()).isTrue();
  }

  @Test
  void postgresqlSchemeWithoutPortOrPassword() {
    DatastoreConfig config = DatastoreConfig.fromUrl("postgresql://admin@localhost/hearth", DATA);
    assertThat(config.url()).isEqualTo("jdbc:postgresql://localhost/hearth");
    assertThat(config.user()).isEqualTo("admin");
    assertThat(config.password()).isNull();
  }

  @Test
  void postgresUrlWithoutUser() {
    DatastoreConfig config = DatastoreConfig.fromUrl("postgres://127.0.0.1:5432/test", DATA);
    assertThat(config.url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
    assertThat(config.user()).isNull();
  }

  @Test
  void percentEncodedCredentialsAreDecoded() {
    DatastoreConfig config = DatastoreConfig.fromUrl("postgres://us%40er:p%3Aa+ss%2F@h/db", DATA);
    assertThat(config.user()).isEqualTo("us@er");
    assertThat(config.password()).isEqualTo("p:a+ss/");
  }

  @Test
  void h2Shorthands() {
    assertThat(DatastoreConfig.fromUrl("h2:mem:hearth", DATA).url())
        .isEqualTo("jdbc:h2:mem:hearth;DB_CLOSE_DELAY=-1");
    assertThat(DatastoreConfig.fromUrl("h2:file:/srv/db/hearth", DATA).url())
        .isEqualTo("jdbc:h2:file:/srv/db/hearth;AUTO_SERVER=FALSE;WRITE_DELAY=0");
  }

  @Test
  void unsupportedSchemesSayWhatWorks() {
    assertThatThrownBy(() -> DatastoreConfig.fromUrl("mysql://u:secret@h/db", DATA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unsupported datastore URL 'mysql:...'")
        .hasMessageContaining("postgres://user:password@host:5432/database")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> DatastoreConfig.fromUrl("sqlite3:///tmp/fn.db", DATA))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DatastoreConfig.fromUrl("h2:mem:", DATA))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DatastoreConfig.fromUrl("nonsense", DATA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unsupported datastore URL 'nonsense'");
  }

  @Test
  void postgresUrlNeedsHostAndDatabase() {
    assertThatThrownBy(() -> DatastoreConfig.fromUrl("postgres://u:p@db:5432", DATA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a host and a database name");
    assertThatThrownBy(() -> DatastoreConfig.fromUrl("postgres://u:p@db:5432/", DATA))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void malformedPostgresUrlIsExplained() {
    assertThatThrownBy(() -> DatastoreConfig.fromUrl("postgres://u:p w@db/x", DATA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("percent-encode");
  }

  @Test
  void passwordsStayOutOfToStringAndLogs() {
    DatastoreConfig config = DatastoreConfig.fromUrl("postgres://fn:s3cret@db/x", DATA);
    assertThat(config.toString()).doesNotContain("s3cret").contains("password=***");
    DatastoreConfig inUrl = DatastoreConfig.fromUrl("jdbc:postgresql://db/x?user=a&password=s3cret&ssl=true", DATA);
    assertThat(inUrl.safeUrl()).isEqualTo("jdbc:postgresql://db/x?user=a&password=***&ssl=true");
  }

  @Test
  void poolSizeAndTimeoutAreChecked() {
    DatastoreConfig config = DatastoreConfig.fromUrl(null, DATA);
    assertThat(config.withPoolSize(3).poolSize()).isEqualTo(3);
    assertThat(config.withConnectTimeout(Duration.ofSeconds(1)).connectTimeout()).hasSeconds(1);
    assertThatThrownBy(() -> config.withPoolSize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> config.withConnectTimeout(Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
