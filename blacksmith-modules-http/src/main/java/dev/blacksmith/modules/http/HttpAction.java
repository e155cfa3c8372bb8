package dev.blacksmith.modules.http;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Job;
import dev.blacksmith.destination.ThenSink;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.json.Json;
import dev.blacksmith.store.Queue;
import org.jspecify.annotations.Nullable;

/**
 * Actions {@code send} (one request per job) and {@code batch} (a JSON array of jobs per request).
 * The instances a flow creates carry one job's data; the ones a destination registers load.
 */
final class HttpAction implements Action {

  private final String name;
  private final @Nullable HttpDestination destination;
  private final @Nullable String json;

  /** The instance a flow creates, carrying the job's data as JSON text. */
  HttpAction(String name, String json) {
    this.name = name;
    this.destination = null;
    this.json = json;
  }

  /** The instance a destination registers, which loads. */
  HttpAction(String name, HttpDestination destination) {
    this.name = name;
    this.destination = destination;
    this.json = null;
  }

  /** The instance a flow creates for {@code data}, written as JSON now so errors show at once. */
  static HttpAction carrying(String name, @Nullable Object data) {
    if (data == null) {
      throw new IllegalArgumentException("an HTTP job needs data; pass a value or JSON text");
    }
    return new HttpAction(name, Json.write(data));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Job marshal(Toolkit toolkit) {
    if (json == null) {
      throw new IllegalStateException(
          "the action a destination registers carries no data; create one with HttpDestination."
              + name
              + "(data)");
    }
    return Job.ofJson(json);
  }

  @Override
  public void load(Toolkit toolkit, Queue queue, ThenSink then) throws InterruptedException {
    if (destination == null) {
      throw new IllegalStateException(
          "only the action registered by an HTTP destination loads; this one carries data");
    }
    destination.load(name.equals(HttpDestination.BATCH), toolkit, queue, then);
  }

  @Override
  public String toString() {
    return "HttpAction[" + name + "]";
  }
}
