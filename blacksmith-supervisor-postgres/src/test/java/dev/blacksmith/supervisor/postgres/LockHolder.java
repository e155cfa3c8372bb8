package dev.blacksmith.supervisor.postgres;

import dev.blacksmith.spi.supervisor.Lock;
import dev.blacksmith.supervisor.Service;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The process {@link KilledHolderTest} kills: acquires the key given as argument with a short lease
 * and renews it until killed, printing each step as one line ending with {@code ;}.
 *
 * <p>Arguments: supervisor URL, key, holder id.
 */
final class LockHolder {

  static final Duration LEASE = Duration.ofSeconds(2);
  static final Duration RENEW_EVERY = Duration.ofMillis(500);

  private LockHolder() {}

  public static void main(String[] args) throws InterruptedException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Service me = new Service(args[2], "scheduler", "1.2.3", "127.0.0.1:9091");
    PostgresSupervisor supervisor = PostgresSupervisor.open(args[0]);
    supervisor.init();
    Lock lock = supervisor.tryAcquire(args[1], me, LEASE).orElse(null);
    if (lock == null) {
      out.println("refused;");
      System.exit(2);
    }
    out.println("acquired " + lock.expiresAt() + ";");
    while (true) {
      Thread.sleep(RENEW_EVERY);
      if (!supervisor.renew(lock, LEASE)) {
        out.println("lost;");
        System.exit(3);
      }
      out.println("renewed;");
    }
  }
}
