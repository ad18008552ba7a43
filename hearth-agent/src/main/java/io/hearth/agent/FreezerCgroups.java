package io.hearth.agent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure functions that find a container's freezer: which mounted cgroup hierarchy can freeze (from
 * {@code /proc/self/mountinfo}), where a process's cgroup is in it (from {@code /proc/<pid>/cgroup}),
 * and the pattern that turns a container id into its cgroup path (learned from one container, so
 * the next ones need no engine call). Stateless.
 */
final class FreezerCgroups {
  private FreezerCgroups() {}

  enum Version {
    /** The v1 freezer controller: {@code freezer.state} FROZEN / THAWED (FREEZING while it works). */
    V1,
    /** cgroup v2: {@code cgroup.freeze} 1 / 0, {@code frozen 1} in {@code cgroup.events} once done. */
    V2
  }

  /**
   * A mounted hierarchy that can freeze.
   *
   * @param root       the cgroup path the mount shows (not "/" for a bind mount of a sub-cgroup)
   * @param mountPoint where it is mounted
   */
  record Mount(Version version, String root, Path mountPoint) {

    /** The directory of a cgroup path (as {@code /proc/<pid>/cgroup} shows it), or null when outside the mount. */
    Path dirOf(String cgroupPath) {
      String rel;
      if (root.equals("/")) {
        rel = cgroupPath;
      } else if (cgroupPath.equals(root) || cgroupPath.startsWith(root + "/")) {
        rel = cgroupPath.substring(root.length());
      } else {
        return null;
      }
      rel = rel.replaceFirst("^/+", "");
      return rel.isEmpty() ? mountPoint : mountPoint.resolve(rel);
    }
  }

  /**
   * The hierarchies that can freeze, the v1 freezer first: with both mounted (the hybrid layout),
   * the container runtime freezes through v1, and so must we, for the runtime to see the state.
   */
  static List<Mount> mounts(String mountinfo) {
    List<Mount> v1 = new ArrayList<>();
    List<Mount> v2 = new ArrayList<>();
    for (String line : mountinfo.split("\n")) {
      // id parent major:minor root mount-point options [optional fields] - fstype source super-options
      String[] f = line.split(" ");
      int dash = List.of(f).indexOf("-");
      if (dash < 6 || dash + 1 >= f.length) { // not a mountinfo line
        continue;
      }
      String fsType = f[dash + 1];
      String superOptions = dash + 3 < f.length ? f[dash + 3] : "";
      String root = unescape(f[3]);
      Path mountPoint = Path.of(unescape(f[4]));
      if (fsType.equals("cgroup") && List.of(superOptions.split(",")).contains("freezer")) {
        v1.add(new Mount(Version.V1, root, mountPoint));
      } else if (fsType.equals("cgroup2")) {
        v2.add(new Mount(Version.V2, root, mountPoint));
      }
    }
    v1.addAll(v2);
    return v1;
  }

  /** The process's cgroup path in the hierarchy of that version, from {@code /proc/<pid>/cgroup}; null when absent. */
  static String cgroupPath(String procCgroup, Version version) {
    for (String line : procCgroup.split("\n")) {
      String[] f = line.split(":", 3);
      if (f.length < 3) {
        continue;
      }
      boolean match = version == Version.V2 ? f[0].equals("0") && f[1].isEmpty()
          : List.of(f[1].split(",")).contains("freezer");
      if (match) {
        return f[2].strip();
      }
    }
    return null;
  }

  /**
   * How container ids map to cgroup paths: {@code prefix + id + suffix}, e.g. {@code /docker/<id>}
   * (cgroupfs driver) or {@code /system.slice/docker-<id>.scope} (systemd driver).
   */
  record Template(String prefix, String suffix) {

    /** The pattern of {@code path}, the cgroup of container {@code id}; null when the id is not in it. */
    static Template learn(String path, String id) {
      int at = path.lastIndexOf(id);
      if (at < 0 || id.isEmpty()) {
        return null;
      }
      return new Template(path.substring(0, at), path.substring(at + id.length()));
    }

    String pathOf(String id) {
      return prefix + id + suffix;
    }
  }

  /** Where Docker puts a container's cgroup with the cgroupfs and the systemd drivers, in that order. */
  static List<Template> wellKnown() {
    return List.of(new Template("/docker/", ""), new Template("/system.slice/docker-", ".scope"));
  }

  /** Undoes mountinfo's octal escapes ({@code \040} for a space, and so on). */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && isOctal(s, i + 1)) {
        sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '7') {
        return false;
      }
    }
    return true;
  }
}
