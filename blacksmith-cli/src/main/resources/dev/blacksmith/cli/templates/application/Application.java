package {{package}};

import dev.blacksmith.engine.Application;
import dev.blacksmith.engine.Options;

/**
 * Application {{name}}, as {@code blacksmith start --app target/classes} runs it. It is listed in
 * {@code src/main/resources/META-INF/services/dev.blacksmith.engine.Application}, which is how the
 * command finds it.
 */
public final class {{Name}}Application implements Application {

  /**
   * Registers the application's sources and destinations. Settings such as ports and the store come
   * from {@code BLACKSMITH_*} environment variables and flags, which win over those set here.
   */
  @Override
  public void configure(Options.Builder options) {
    // Add destinations with options.destination(new CrmDestination()); generate one with:
    // blacksmith generate destination --name <name> --path {{javaDir}}
    options.source(new {{Name}}Source());
  }
}
