package dev.blacksmith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code blacksmith generate} as a user meets it: what it writes, says and refuses. */
class GenerateCommandTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-27T15:30:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Main.commandLine(Map.of(), TestLoaders.withoutApplications(), CLOCK);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path packageDir() throws Exception {
    return Files.createDirectories(dir.resolve("src/main/java/com/example/shop"));
  }

  private List<Path> filesUnder(Path root) throws Exception {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Test
  void a_destination_goes_in_its_package_directory_with_its_test_in_src_test_java()
      throws Exception {
    Path pkg = packageDir();

    int code = run("generate", "destination", "--name", "my-dest", "--path", pkg.toString());

    assertThat(code).as(err.toString()).isZero();
    Path main = pkg.resolve("MyDestDestination.java");
    Path test = dir.resolve("src/test/java/com/example/shop/MyDestDestinationTest.java");
    assertThat(filesUnder(dir)).containsExactlyInAnyOrder(main, test);
    assertThat(Files.readString(main))
        .startsWith("package com.example.shop;")
        .contains("public final class MyDestDestination implements Destination {")
        .contains("public static final String NAME = \"my-dest\";");
    assertThat(out.toString())
        .contains("created " + main)
        .contains(
            "next: register it in your application: options.destination(new MyDestDestination())");
  }

  @Test
  void names_outside_lowercase_letters_dash_and_underscore_are_refused_saying_what_is_allowed()
      throws Exception {
    Path pkg = packageDir();
    for (String name :
        List.of("MyDest", "my dest", "my.dest", "dest2", "-dest", "_dest", "é", "")) {
      err.getBuffer().setLength(0);

      int code = run("generate", "destination", "--name", name, "--path", pkg.toString());

      assertThat(code).as("--name '%s'", name).isEqualTo(2);
      assertThat(err.toString())
          .as("--name '%s'", name)
          .contains(
              "is not allowed: use lowercase letters a-z, '-' and '_', starting with a letter");
    }
    assertThat(filesUnder(dir)).isEmpty();
  }

  @Test
  void existing_files_are_never_overwritten_and_nothing_else_is_written() throws Exception {
    Path pkg = packageDir();
    Path test = dir.resolve("src/test/java/com/example/shop/UpsertActionTest.java");
    Files.createDirectories(test.getParent());
    Files.writeString(test, "// mine");

    int code = run("generate", "action", "--name", "upsert", "--path", pkg.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("will not overwrite [" + test + "]; nothing was generated");
    assertThat(Files.readString(test)).isEqualTo("// mine");
    assertThat(pkg.resolve("UpsertAction.java")).doesNotExist();
  }

  @Test
  void a_path_outside_src_main_java_needs_a_package_and_then_keeps_the_test_beside()
      throws Exception {
    Path plain = Files.createDirectories(dir.resolve("elsewhere"));

    assertThat(run("generate", "flow", "--name", "to-crm", "--path", plain.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("cannot tell the Java package of").contains("--package");

    assertThat(
            run(
                "generate",
                "flow",
                "--name",
                "to-crm",
                "--path",
                plain.toString(),
                "--package",
                "org.acme"))
        .isZero();
    assertThat(filesUnder(plain))
        .containsExactlyInAnyOrder(
            plain.resolve("ToCrmFlow.java"), plain.resolve("ToCrmFlowTest.java"));
    assertThat(Files.readString(plain.resolve("ToCrmFlow.java"))).startsWith("package org.acme;");
  }

  @Test
  void a_package_that_does_not_match_the_path_is_refused() throws Exception {
    Path pkg = packageDir();

    int code =
        run(
            "generate",
            "source",
            "--name",
            "stripe",
            "--path",
            pkg.toString(),
            "--package",
            "org.acme");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("--package org.acme does not match --path")
        .contains("which is package com.example.shop");
  }

  @Test
  void migrations_need_a_maven_layout_for_their_resources() throws Exception {
    Path plain = Files.createDirectories(dir.resolve("elsewhere"));

    int code =
        run(
            "generate",
            "destination",
            "--name",
            "crm",
            "--path",
            plain.toString(),
            "--package",
            "org.acme",
            "--migrations");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--migrations needs --path under src/main/java");
    assertThat(filesUnder(plain)).isEmpty();
  }

  @Test
  void migrations_of_a_component_start_with_an_init_pair_versioned_with_the_clock()
      throws Exception {
    Path pkg = packageDir();

    assertThat(
            run("generate", "action", "--name", "upsert", "--path", pkg.toString(), "--migrations"))
        .isZero();

    Path folder = dir.resolve("src/main/resources/migrations/upsert");
    assertThat(filesUnder(folder))
        .containsExactly(
            folder.resolve("20261127153000.init.down.sql"),
            folder.resolve("20261127153000.init.up.sql"));
    assertThat(Files.readString(pkg.resolve("UpsertAction.java")))
        .contains("implements Action, WithMigrations {")
        .contains("\"migrations/upsert\"");
  }

  @Test
  void a_migration_is_a_pair_of_scripts_and_its_version_cannot_be_taken_twice() throws Exception {
    Path folder = dir.resolve("migrations/crm");

    assertThat(
            run("generate", "migration", "--name", "create_contacts", "--path", folder.toString()))
        .isZero();
    assertThat(filesUnder(folder))
        .containsExactly(
            folder.resolve("20261127153000.create_contacts.down.sql"),
            folder.resolve("20261127153000.create_contacts.up.sql"));
    assertThat(Files.readString(folder.resolve("20261127153000.create_contacts.up.sql")))
        .contains("Migration create_contacts of crm");

    assertThat(run("generate", "migration", "--name", "add_index", "--path", folder.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("version 20261127153000 is taken");
  }

  @Test
  void a_trigger_needs_a_known_mode() throws Exception {
    Path pkg = packageDir();

    assertThat(run("generate", "trigger", "--name", "orders", "--path", pkg.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--mode=http|cron|cdc|sub'");

    err.getBuffer().setLength(0);
    assertThat(
            run(
                "generate",
                "trigger",
                "--name",
                "orders",
                "--mode",
                "kafka",
                "--path",
                pkg.toString()))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("unknown trigger mode 'kafka'; expected http, cron, cdc or sub");
  }

  @Test
  void a_name_whose_class_would_hide_an_sdk_type_is_refused() throws Exception {
    Path pkg = packageDir();

    int code =
        run("generate", "trigger", "--name", "http", "--mode", "http", "--path", pkg.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "--name http makes class HttpTrigger, which clashes with"
                + " dev.blacksmith.source.HttpTrigger that it uses: choose another name");
    assertThat(filesUnder(dir)).isEmpty();
  }

  @Test
  void options_a_kind_does_not_have_are_refused() throws Exception {
    Path pkg = packageDir();

    assertThat(run("generate", "flow", "--name", "to-crm", "--path", pkg.toString(), "--hooks"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option: '--hooks'");
  }

  @Test
  void generate_without_a_kind_lists_the_kinds() {
    assertThat(run("generate")).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "missing kind: use one of application, source, trigger, flow, destination, action,"
                + " migration");
  }

  @Test
  void no_comments_leaves_no_comment_in_any_generated_file() throws Exception {
    assertThat(
            run(
                "generate",
                "application",
                "--name",
                "shop",
                "--path",
                dir.toString(),
                "--no-comments",
                "--hooks",
                "--migrations"))
        .isZero();
    Path pkg = dir.resolve("shop/src/main/java/com/example/shop");
    assertThat(
            run(
                "generate",
                "action",
                "--name",
                "upsert",
                "--path",
                pkg.toString(),
                "--hooks",
                "--migrations",
                "--no-comments"))
        .isZero();
    assertThat(
            run(
                "generate",
                "trigger",
                "--name",
                "changes",
                "--mode",
                "cdc",
                "--path",
                pkg.toString(),
                "--hooks",
                "--migrations",
                "--no-comments"))
        .isZero();

    for (Path file : filesUnder(dir)) {
      String text = Files.readString(file);
      String name = file.getFileName().toString();
      String comment =
          name.endsWith(".java")
              ? "(?m)^\\s*(//|/\\*|\\*)"
              : name.endsWith(".xml") ? "<!--" : name.endsWith(".sql") ? "(?m)^\\s*--" : "(?m)^#";
      assertThat(text).as(file.toString()).doesNotContainPattern(comment).doesNotContain("\n\n\n");
    }
    assertThat(Files.readString(pkg.resolve("UpsertAction.java")))
        .contains("public void load(Toolkit toolkit, Queue queue, ThenSink then)");
  }

  @Test
  void an_application_is_a_maven_project_with_its_registration() throws Exception {
    assertThat(run("generate", "application", "--name", "my-shop", "--path", dir.toString()))
        .isZero();

    Path root = dir.resolve("my-shop");
    Path main = root.resolve("src/main/java/com/example/myshop");
    Path test = root.resolve("src/test/java/com/example/myshop");
    assertThat(filesUnder(root))
        .containsExactlyInAnyOrder(
            root.resolve(".gitignore"),
            root.resolve("pom.xml"),
            root.resolve("src/main/resources/META-INF/services/dev.blacksmith.engine.Application"),
            main.resolve("package-info.java"),
            main.resolve("MyShopApplication.java"),
            main.resolve("MyShopSource.java"),
            main.resolve("EventsTrigger.java"),
            test.resolve("MyShopApplicationTest.java"),
            test.resolve("MyShopSourceTest.java"),
            test.resolve("EventsTriggerTest.java"));
    assertThat(
            Files.readString(
                root.resolve(
                    "src/main/resources/META-INF/services/dev.blacksmith.engine.Application")))
        .endsWith("com.example.myshop.MyShopApplication\n");
    assertThat(Files.readString(root.resolve("pom.xml")))
        .contains("<groupId>com.example.myshop</groupId>")
        .contains("<artifactId>my-shop</artifactId>")
        .contains("<blacksmith.version>0.1.0-SNAPSHOT</blacksmith.version>")
        .doesNotContain("{{");
    assertThat(Files.readString(main.resolve("EventsTrigger.java")))
        .contains("Route.post(\"/my-shop/events\")");
    assertThat(out.toString()).contains("next: run it: blacksmith start --app target/classes");
  }

  @Test
  void an_application_is_not_generated_over_a_directory_that_has_files() throws Exception {
    Files.createDirectories(dir.resolve("shop"));
    Files.writeString(dir.resolve("shop/notes.txt"), "keep me");

    assertThat(run("generate", "application", "--name", "shop", "--path", dir.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("already exists and is not an empty directory");
    assertThat(filesUnder(dir)).containsExactly(dir.resolve("shop/notes.txt"));
  }

  @Test
  void an_application_package_can_be_chosen() throws Exception {
    assertThat(
            run(
                "generate",
                "application",
                "--name",
                "shop",
                "--path",
                dir.toString(),
                "--package",
                "org.acme.shop"))
        .isZero();
    assertThat(dir.resolve("shop/src/main/java/org/acme/shop/ShopApplication.java")).exists();

    assertThat(
            run(
                "generate",
                "application",
                "--name",
                "other",
                "--path",
                dir.toString(),
                "--package",
                "org.acme.class"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--package 'org.acme.class' is not a Java package name");
  }
}
