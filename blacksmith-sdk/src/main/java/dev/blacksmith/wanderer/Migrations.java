package dev.blacksmith.wanderer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads migrations from files named {@code YYYYMMDDHHMISS.name.up.sql} and {@code
 * YYYYMMDDHHMISS.name.down.sql}. Other files are ignored; a {@code .sql} file whose name does not
 * follow the pattern, a down script without its up script, or two migrations with one version are
 * refused with an error naming the file.
 */
public final class Migrations {

  private static final Pattern FILE =
      Pattern.compile("(\\d{14})\\.([a-z0-9_-]+)\\.(up|down)\\.sql");

  private Migrations() {}

  /**
   * The migrations in {@code directory} (not its sub-directories), oldest first; none when it does
   * not exist.
   *
   * @throws IllegalArgumentException for a badly named file, an orphan down script or a duplicate
   *     version
   * @throws UncheckedIOException when the directory cannot be read
   */
  public static List<Migration> fromDirectory(Path directory) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return parse(files.filter(Files::isRegularFile).toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read migrations in " + directory, e);
    }
  }

  /**
   * The migrations in class path folder {@code folder} (such as {@code "migrations/warehouse"}),
   * whether it is a directory or inside a jar; none when it does not exist.
   */
  public static List<Migration> fromClasspath(ClassLoader loader, String folder) {
    String location = folder.startsWith("/") ? folder.substring(1) : folder;
    URL url = loader.getResource(location);
    if (url == null) {
      return List.of();
    }
    URI uri;
    try {
      uri = url.toURI();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot read migrations at " + url, e);
    }
    if (!"jar".equals(uri.getScheme())) {
      return fromDirectory(Path.of(uri));
    }
    try {
      FileSystem jar;
      boolean opened = false;
      try {
        jar = FileSystems.newFileSystem(uri, Map.of());
        opened = true;
      } catch (FileSystemAlreadyExistsException e) {
        jar = FileSystems.getFileSystem(uri);
      }
      try {
        String inside = uri.getSchemeSpecificPart();
        return fromDirectory(jar.getPath(inside.substring(inside.indexOf("!/") + 1)));
      } finally {
        if (opened) {
          jar.close();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read migrations at " + url, e);
    }
  }

  private static List<Migration> parse(List<Path> files) throws IOException {
    Map<String, String[]> byVersion = new TreeMap<>(); // version -> {name, up, down, upFile}
    for (Path file : files.stream().sorted(Comparator.comparing(Path::toString)).toList()) {
      String fileName = String.valueOf(file.getFileName());
      if (!fileName.endsWith(".sql")) {
        continue;
      }
      Matcher m = FILE.matcher(fileName);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "migration file '" + fileName + "' must be named YYYYMMDDHHMISS.name.(up|down).sql");
      }
      String version = m.group(1);
      Migration.versionTime(version);
      String name = m.group(2);
      boolean up = m.group(3).equals("up");
      String[] entry = byVersion.computeIfAbsent(version, v -> new String[] {name, null, null});
      if (!entry[0].equals(name)) {
        throw new IllegalArgumentException(
            "two migrations have version " + version + ": '" + entry[0] + "' and '" + name + "'");
      }
      entry[up ? 1 : 2] = Files.readString(file, StandardCharsets.UTF_8);
    }
    List<Migration> migrations = new ArrayList<>(byVersion.size());
    byVersion.forEach((version, entry) -> {
      if (entry[1] == null) {
        throw new IllegalArgumentException(
            "migration "
                + version
                + "."
                + entry[0]
                + " has a down script but no "
                + version
                + "."
                + entry[0]
                + ".up.sql");
      }
      migrations.add(new Migration(version, entry[0], entry[1], entry[2]));
    });
    return List.copyOf(migrations);
  }
}
