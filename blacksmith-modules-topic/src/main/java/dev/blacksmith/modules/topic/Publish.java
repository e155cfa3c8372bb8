package dev.blacksmith.modules.topic;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Job;
import dev.blacksmith.destination.Then;
import dev.blacksmith.destination.ThenSink;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.json.Json;
import dev.blacksmith.pubsub.Message;
import dev.blacksmith.spi.pubsub.PubSubException;
import dev.blacksmith.spi.pubsub.Publisher;
import dev.blacksmith.store.Queue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Action {@code publish}: a job's data is {@code {"topic": <topic or null>, "message": <JSON>}};
 * loading sends the messages of a queue topic by topic, each with the job id as its key ({@code
 * key} and {@code job_id} metadata, which adapters map to the broker's key or headers).
 */
final class Publish implements Action {

  static final String NAME = "publish";

  private final @Nullable TopicDestination destination;
  private final @Nullable String topic;
  private final @Nullable Object data;
  private volatile @Nullable Publisher publisher;

  /** The instance a flow creates, carrying one message. */
  Publish(@Nullable String topic, Object data) {
    this.destination = null;
    this.topic = topic;
    this.data = data;
  }

  /** The instance the destination registers, which loads. */
  Publish(TopicDestination destination) {
    this.destination = destination;
    this.topic = null;
    this.data = null;
  }

  void connect(Publisher p) {
    this.publisher = p;
  }

  void disconnect() {
    Publisher p = publisher;
    publisher = null;
    if (p != null) {
      p.shutdown();
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Job marshal(Toolkit toolkit) {
    if (data == null) {
      throw new IllegalStateException("only the actions a flow creates carry a message");
    }
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("topic", topic);
    job.put("message", data instanceof JsonNode node ? node : Json.mapper().valueToTree(data));
    return Job.of(job);
  }

  @Override
  public void load(Toolkit toolkit, Queue queue, ThenSink then) {
    Publisher p = publisher;
    if (p == null || destination == null) {
      throw new IllegalStateException("destination topic is not initialised");
    }
    Map<String, List<Message>> byTopic = new LinkedHashMap<>();
    Map<String, List<String>> jobsByTopic = new LinkedHashMap<>();
    for (var event : queue.events()) {
      for (var job : event.jobs()) {
        JsonNode data = Json.tree(job.data());
        JsonNode named = data.get("topic");
        String target =
            named == null || named.isNull() ? destination.defaultTopic() : named.asString();
        JsonNode message = data.get("message");
        byte[] body = Json.write(message == null ? data : message).getBytes(StandardCharsets.UTF_8);
        byTopic
            .computeIfAbsent(target, t -> new ArrayList<>())
            .add(
                new Message(
                    body, Map.of("key", job.id(), "job_id", job.id(), "event_id", event.id())));
        jobsByTopic.computeIfAbsent(target, t -> new ArrayList<>()).add(job.id());
      }
    }
    for (var entry : byTopic.entrySet()) {
      List<String> jobs = jobsByTopic.get(entry.getKey());
      try {
        p.sendAll(entry.getKey(), entry.getValue());
        then.send(Then.succeeded().forJobs(jobs));
      } catch (PubSubException e) {
        // Some may have gone through: retrying them gives duplicates, never losses.
        then.send(Then.failed(e).forJobs(jobs));
      }
    }
  }
}
