package dev.blacksmith.wanderer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.URLClassLoader;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

  @TempDir Path dir;

  @Test
  void readsUpAndDownScriptsOldestFirstIgnoringOtherFiles() throws IOException {
    Files.writeString(dir.resolve("20261127100000.add_index.up.sql"), "create index i on t(a);");
    Files.writeString(dir.resolve("20260101000000.create_t.up.sql"), "create table t(a int);");
    Files.writeString(dir.resolve("20260101000000.create_t.down.sql"), "drop table t;");
    Files.writeString(dir.resolve("README.md"), "not a migration");

    List<Migration> migrations = Migrations.fromDirectory(dir);

    assertThat(migrations)
        .containsExactly(
            new Migration("20260101000000", "create_t", "create table t(a int);", "drop table t;"),
            new Migration("20261127100000", "add_index", "create index i on t(a);", null));
    assertThat(migrations.get(1).script(Direction.DOWN)).isNull();
  }

  @Test
  void aMissingDirectoryHasNoMigrations() {
    assertThat(Migrations.fromDirectory(dir.resolve("absent"))).isEmpty();
  }

  @Test
  void refusesBadlyNamedFilesOrphanDownScriptsAndDuplicateVersions() throws IOException {
    Path bad = Files.createDirectory(dir.resolve("bad"));
    Files.writeString(bad.resolve("2026.create.up.sql"), "");
    assertThatThrownBy(() -> Migrations.fromDirectory(bad))
        .hasMessageContaining("'2026.create.up.sql' must be named YYYYMMDDHHMISS.name");

    Path orphan = Files.createDirectory(dir.resolve("orphan"));
    Files.writeString(orphan.resolve("20260101000000.x.down.sql"), "");
    assertThatThrownBy(() -> Migrations.fromDirectory(orphan))
        .hasMessageContaining("has a down script but no 20260101000000.x.up.sql");

    Path twice = Files.createDirectory(dir.resolve("twice"));
    Files.writeString(twice.resolve("20260101000000.a.up.sql"), "");
    Files.writeString(twice.resolve("20260101000000.b.up.sql"), "");
    assertThatThrownBy(() -> Migrations.fromDirectory(twice))
        .hasMessageContaining("two migrations have version 20260101000000");

    Path month13 = Files.createDirectory(dir.resolve("month13"));
    Files.writeString(month13.resolve("20261301000000.a.up.sql"), "");
    assertThatThrownBy(() -> Migrations.fromDirectory(month13))
        .hasMessageContaining("valid YYYYMMDDHHMISS timestamp");
  }

  @Test
  void readsMigrationsFromAFolderInsideAJar() throws IOException {
    Path jar = dir.resolve("app.jar");
    try (FileSystem zip =
        FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of("create", "true"))) {
      Path folder = Files.createDirectories(zip.getPath("/migrations/warehouse"));
      Files.writeString(folder.resolve("20260101000000.create_t.up.sql"), "create table t(a int);");
    }
    try (URLClassLoader loader =
        new URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null)) {
      assertThat(Migrations.fromClasspath(loader, "migrations/warehouse"))
          .extracting(Migration::name)
          .containsExactly("create_t");
      assertThat(Migrations.fromClasspath(loader, "migrations/none")).isEmpty();
    }
  }

  @Test
  void refusesMigrationNamesOutsideTheAllowedCharacters() {
    assertThatThrownBy(() -> new Migration("20260101000000", "Create T", "", null))
        .hasMessageContaining("[a-z0-9_-]+");
  }
}
