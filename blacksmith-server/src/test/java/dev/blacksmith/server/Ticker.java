package dev.blacksmith.server;

import dev.blacksmith.source.CdcTrigger;
import dev.blacksmith.source.CronTrigger;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.Notifier;
import dev.blacksmith.source.Schedule;
import dev.blacksmith.source.Source;
import dev.blacksmith.source.Toolkit;
import dev.blacksmith.source.Trigger;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A test source with the triggers that take locks: {@code tick} (CRON, hourly, extracts nothing)
 * and {@code changes} (CDC, idles until shut down).
 */
final class Ticker implements Source {

  @Override
  public String name() {
    return "ticker";
  }

  @Override
  public Map<String, Trigger> triggers() {
    Map<String, Trigger> triggers = new LinkedHashMap<>();
    triggers.put(
        "tick",
        new CronTrigger() {
          @Override
          public String name() {
            return "tick";
          }

          @Override
          public Schedule schedule() {
            return new Schedule("@every 1h");
          }

          @Override
          public @Nullable Event extract(Toolkit toolkit) {
            return null;
          }
        });
    triggers.put(
        "changes",
        new CdcTrigger() {
          @Override
          public String name() {
            return "changes";
          }

          @Override
          public void extract(Toolkit toolkit, Notifier notifier) throws InterruptedException {
            while (!notifier.isShuttingDown()) {
              Thread.sleep(20);
            }
          }
        });
    return triggers;
  }
}
