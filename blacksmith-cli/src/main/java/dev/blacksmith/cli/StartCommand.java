package dev.blacksmith.cli;

import dev.blacksmith.engine.Application;
import dev.blacksmith.engine.Options;
import dev.blacksmith.engine.ServiceKind;
import dev.blacksmith.engine.StartupException;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code blacksmith start}: runs the application given with {@code --app}, or else the one found on
 * the class path, until the process is told to stop (SIGTERM, SIGINT).
 *
 * <p>Settings are applied in this order, each over the previous: the defaults of {@link Options},
 * the application's {@link Application#configure}, the {@code BLACKSMITH_*} environment variables,
 * then the flags given here.
 */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    versionProvider = BlacksmithCommand.Version.class,
    description = {
      "Run the application's gateway and scheduler services until stopped (SIGTERM, SIGINT).",
      "Flags win over BLACKSMITH_* environment variables, which win over the application's"
          + " settings."
    })
final class StartCommand implements Callable<Integer> {

  @Option(
      names = "--app",
      paramLabel = "PATH",
      description = {
        "The application to run: its jar or its classes directory (such as target/classes), listing"
            + " its class in META-INF/services/dev.blacksmith.engine.Application. Several paths"
            + " are separated by ':' (';' on Windows), and DIR/* adds every jar of DIR, as with"
            + " java -cp. Without it, the application on blacksmith's own class path runs."
      })
  @Nullable String app;

  @Option(
      names = "--service",
      paramLabel = "gateway|scheduler",
      converter = ServiceConverter.class,
      description = "Run only this service (BLACKSMITH_SERVICE); both run by default.")
  @Nullable ServiceKind service;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      description = "Interface the HTTP services bind to (BLACKSMITH_HOST); default 0.0.0.0.")
  @Nullable String host;

  @Option(
      names = "--gateway-port",
      paramLabel = "PORT",
      converter = PortConverter.class,
      description =
          "Port of the gateway (BLACKSMITH_GATEWAY_PORT); default 9090, 0 picks a free one.")
  @Nullable Integer gatewayPort;

  @Option(
      names = "--scheduler-port",
      paramLabel = "PORT",
      converter = PortConverter.class,
      description =
          "Port of the scheduler (BLACKSMITH_SCHEDULER_PORT); default 9091, 0 picks a free one.")
  @Nullable Integer schedulerPort;

  @Option(
      names = "--store-url",
      paramLabel = "URL",
      description =
          "The store (BLACKSMITH_STORE_URL); default sqlite:blacksmith.db, the embedded store.")
  @Nullable String storeUrl;

  @Option(
      names = "--pubsub-url",
      paramLabel = "URL",
      description =
          "The pub/sub adapter (BLACKSMITH_PUBSUB_URL); default inprocess:, or a broker URL.")
  @Nullable String pubsubUrl;

  private final Map<String, String> env;
  private final ClassLoader loader;
  private Consumer<RunningServices> onStarted = running -> {};

  StartCommand(Map<String, String> env, ClassLoader loader) {
    this.env = Map.copyOf(env);
    this.loader = loader;
  }

  /** Tells {@code listener} once the services run; tests use it to reach and stop them. */
  void onStarted(Consumer<RunningServices> listener) {
    this.onStarted = listener;
  }

  @Override
  public Integer call() throws Exception {
    if (app == null) {
      return run(application(loader, "on the class path"));
    }
    try (URLClassLoader appLoader = AppClassPath.open(app, loader)) {
      // Libraries that look classes up through the context loader (JDBC drivers, Jackson
      // modules) then see the application's; threads the engine starts inherit it.
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(appLoader);
      try {
        return run(application(appLoader, "in --app " + app));
      } finally {
        thread.setContextClassLoader(previous);
      }
    }
  }

  /**
   * The application found {@code where}; with built-in modules named in the environment, none is
   * needed and the modules run on their own.
   */
  private Application application(ClassLoader from, String where) {
    if (BuiltInModules.enabled(env).isEmpty()) {
      return Applications.findOne(from, where);
    }
    return Applications.findAtMostOne(from, where).orElse(options -> {});
  }

  private int run(Application application) throws InterruptedException {
    Options options = options(application);
    RunningServices running = RunningServices.start(options, env);
    Thread hook = new Thread(running::close, "blacksmith-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    running.logStarted();
    onStarted.accept(running);
    // The process ends through the shutdown hook; this thread only keeps the command alive.
    running.awaitClosed();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook is what closed the services.
    }
    return 0;
  }

  /** The options of {@code application} with the environment and this command's flags over them. */
  Options options(Application application) {
    Options.Builder builder = Options.builder();
    try {
      application.configure(builder);
    } catch (RuntimeException e) {
      throw new StartupException(
          "application " + application.getClass().getName() + " failed to configure", e);
    }
    BuiltInModules.configure(builder, env);
    try {
      builder.environment(env);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(e.getMessage(), e);
    }
    if (service != null) {
      builder.services(service);
    }
    if (host != null) {
      builder.host(host);
    }
    if (gatewayPort != null) {
      builder.gatewayPort(gatewayPort);
    }
    if (schedulerPort != null) {
      builder.schedulerPort(schedulerPort);
    }
    if (storeUrl != null) {
      builder.storeUrl(storeUrl);
    }
    if (pubsubUrl != null) {
      builder.pubsubUrl(pubsubUrl);
    }
    return builder.build();
  }

  /** Accepts {@code gateway} or {@code scheduler}, in any case. */
  static final class ServiceConverter implements ITypeConverter<ServiceKind> {
    @Override
    public ServiceKind convert(String value) {
      try {
        return ServiceKind.of(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Accepts a TCP port number from 0 to 65535. */
  static final class PortConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int port;
      try {
        port = Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a port number");
      }
      if (port < 0 || port > 65_535) {
        throw new TypeConversionException("port must be between 0 and 65535, was " + port);
      }
      return port;
    }
  }
}
