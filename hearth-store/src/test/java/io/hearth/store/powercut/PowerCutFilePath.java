package io.hearth.store.powercut;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system, {@code powercut:}, over the ordinary one: the database file's channel
 * reports its writes, truncations and forces to the {@link PowerCutDisk} installed with {@link
 * #install}; other files (H2's trace file) pass through. Use as {@code jdbc:h2:powercut:/path/db}.
 * Public with a public constructor: H2 makes one per path by reflection.
 */
public final class PowerCutFilePath extends FilePathWrapper {

  private static final PowerCutFilePath PROTOTYPE = new PowerCutFilePath();
  private static volatile PowerCutDisk disk;
  private static boolean registered;

  public PowerCutFilePath() {}

  /** Installs a fresh disk whose durable images go to {@code imageDir}; one test at a time. */
  public static synchronized PowerCutDisk install(Path imageDir) {
    if (!registered) {
      FilePath.register(PROTOTYPE);
      registered = true;
    }
    disk = new PowerCutDisk(imageDir);
    return disk;
  }

  @Override
  public String getScheme() {
    return "powercut";
  }

  @Override
  public FileChannel open(String mode) throws IOException {
    FileChannel channel = getBase().open(mode);
    String name = getBase().toString();
    if (!name.endsWith(".mv.db") || mode.equals("r")) {
      return channel;
    }
    PowerCutDisk d = disk;
    d.opened(Path.of(name));
    return new PowerCutChannel(channel, d);
  }
}
