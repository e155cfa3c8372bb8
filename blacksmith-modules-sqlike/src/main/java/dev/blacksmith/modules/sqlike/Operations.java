package dev.blacksmith.modules.sqlike;

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
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The operation templates of a destination: each file {@code <operation>.sql} of a directory (or a
 * class path folder) holds one or more statements separated by semicolons, with {@code :name}
 * parameters.
 *
 * @param location where they were read, for messages
 * @param templates by operation name
 */
record Operations(String location, Map<String, Template> templates) {

  Operations {
    templates = Collections.unmodifiableMap(new TreeMap<>(templates));
  }

  /** One template. */
  record Template(String name, List<SqlText.Statement> statements) {

    Template {
      statements = List.copyOf(statements);
    }

    /** Every parameter name, in order of first use. */
    Set<String> parameters() {
      Set<String> names = new LinkedHashSet<>();
      statements.forEach(s -> names.addAll(s.parameters()));
      return names;
    }

    /**
     * The statements with {@code params} bound. Parameters the template does not use are ignored.
     *
     * @throws InvalidJobException naming every parameter the template needs and {@code params}
     *     lacks
     */
    List<BoundStatement> bind(JsonNode params) throws InvalidJobException {
      Set<String> missing = new LinkedHashSet<>();
      for (String p : parameters()) {
        if (!params.has(p)) {
          missing.add(p);
        }
      }
      if (!missing.isEmpty()) {
        throw new InvalidJobException(
            "operation '"
                + name
                + "' needs parameter"
                + (missing.size() == 1 ? " " : "s ")
                + String.join(", ", missing)
                + ", missing from the job's params (it uses "
                + String.join(", ", parameters())
                + ")");
      }
      List<BoundStatement> out = new ArrayList<>(statements.size());
      for (SqlText.Statement s : statements) {
        List<JsonNode> args = new ArrayList<>(s.parameters().size());
        for (String p : s.parameters()) {
          args.add(params.get(p));
        }
        out.add(new BoundStatement(s.sql(), args, s.firstWord()));
      }
      return out;
    }
  }

  /**
   * The template of {@code operation}.
   *
   * @throws InvalidJobException naming the operations there are
   */
  Template find(String operation) throws InvalidJobException {
    Template t = templates.get(operation);
    if (t == null) {
      throw new InvalidJobException(
          "unknown operation '"
              + operation
              + "': "
              + location
              + " has "
              + (templates.isEmpty() ? "none" : String.join(", ", templates.keySet())));
    }
    return t;
  }

  /**
   * Reads every template at {@code location}: a directory, or {@code classpath:folder} resolved
   * with {@code loader} (a directory or inside a jar).
   *
   * @throws IllegalArgumentException when the location does not exist, a file is badly named, or a
   *     template cannot be parsed, naming the file
   * @throws UncheckedIOException when a file cannot be read
   */
  static Operations load(String location, ClassLoader loader) {
    if (!location.startsWith(SqlikeConfig.CLASSPATH)) {
      return new Operations(location, read(Path.of(location), location));
    }
    String folder = location.substring(SqlikeConfig.CLASSPATH.length());
    folder = folder.startsWith("/") ? folder.substring(1) : folder;
    URL url = loader.getResource(folder);
    if (url == null) {
      throw new IllegalArgumentException(
          "operations folder " + location + " is not on the class path");
    }
    URI uri;
    try {
      uri = url.toURI();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot read operations at " + url, e);
    }
    if (!"jar".equals(uri.getScheme())) {
      return new Operations(location, read(Path.of(uri), location));
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
        return new Operations(
            location, read(jar.getPath(inside.substring(inside.indexOf("!/") + 1)), location));
      } finally {
        if (opened) {
          jar.close();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read operations at " + url, e);
    }
  }

  private static Map<String, Template> read(Path directory, String location) {
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException(
          "operations directory " + location + " does not exist or is not a directory");
    }
    Map<String, Template> templates = new TreeMap<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String fileName = String.valueOf(file.getFileName());
        if (!fileName.endsWith(".sql")) {
          continue;
        }
        String name = fileName.substring(0, fileName.length() - ".sql".length());
        if (!JobData.OPERATION.matcher(name).matches()) {
          throw new IllegalArgumentException(
              "operation file '"
                  + fileName
                  + "' in "
                  + location
                  + " must be named <operation>.sql with the operation in [A-Za-z0-9_-]");
        }
        templates.put(name, parse(name, Files.readString(file, StandardCharsets.UTF_8), location));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read operations in " + location, e);
    }
    return templates;
  }

  /** Parses one template, refusing what could never run. */
  static Template parse(String name, String text, String location) {
    List<SqlText.Statement> statements;
    try {
      statements = SqlText.parse(text, SqlText.Placeholders.NAMED);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "operation template " + name + ".sql in " + location + ": " + e.getMessage(), e);
    }
    if (statements.isEmpty()) {
      throw new IllegalArgumentException(
          "operation template " + name + ".sql in " + location + " holds no statement");
    }
    return new Template(name, statements);
  }
}
