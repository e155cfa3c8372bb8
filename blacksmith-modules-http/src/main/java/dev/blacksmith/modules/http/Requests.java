package dev.blacksmith.modules.http;

import dev.blacksmith.json.Json;
import dev.blacksmith.modules.http.HttpDestinationConfig.Envelope;
import dev.blacksmith.store.Event;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Queue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Turns a queue into the requests that load it, one per job or batches of jobs. Bodies are built
 * one request at a time, as the load is ready to send them, so a load holds at most the requests in
 * flight in memory rather than a copy of its whole queue.
 */
final class Requests {

  /**
   * One request to send.
   *
   * @param body the JSON body
   * @param idempotencyKey the job's id, or a key derived from the ids of a batch's jobs
   * @param jobIds the jobs whose outcome this request decides
   */
  @SuppressWarnings("ArrayRecordComponent") // Never compared: built once, sent, dropped.
  record Request(byte[] body, String idempotencyKey, List<String> jobIds) {

    Request {
      jobIds = List.copyOf(jobIds);
    }

    /** How errors name what was sent: {@code job <id>} or {@code batch of 12 jobs}. */
    String subject() {
      return jobIds.size() == 1 && !idempotencyKey.startsWith(BATCH_KEY_PREFIX)
          ? "job " + jobIds.get(0)
          : "batch of " + jobIds.size() + (jobIds.size() == 1 ? " job" : " jobs");
    }
  }

  /** A job that cannot be sent at all: its stored JSON is broken, so retrying cannot help. */
  record Unsendable(String jobId, String problem) {}

  static final String BATCH_KEY_PREFIX = "batch-";

  private final HttpDestinationConfig config;

  Requests(HttpDestinationConfig config) {
    this.config = config;
  }

  /** The requests of {@code queue}, in queue order; batched when {@code batch}. */
  Cursor plan(Queue queue, boolean batch) {
    List<Entry> entries = new ArrayList<>(queue.size());
    for (Event event : queue.events()) {
      for (Job job : event.jobs()) {
        entries.add(new Entry(event, job));
      }
    }
    return new Cursor(entries, batch);
  }

  private record Entry(Event event, Job job) {}

  /** Hands out a queue's requests one at a time. Used by one thread. */
  final class Cursor {
    private final List<Entry> entries;
    private final boolean batch;
    private int next;
    // An item built for the previous batch that did not fit in it.
    private byte @Nullable [] carried;

    private Cursor(List<Entry> entries, boolean batch) {
      this.entries = entries;
      this.batch = batch;
    }

    /**
     * The next request, or {@code null} when every job has been handed out. Jobs that cannot be
     * sent are given to {@code unsendable} on the way.
     */
    @Nullable Request next(Consumer<Unsendable> unsendable) {
      return batch ? nextBatch(unsendable) : nextSingle(unsendable);
    }

    /** The ids of the jobs not handed out yet; afterwards, none is left. */
    List<String> rest() {
      List<String> ids = new ArrayList<>();
      if (carried != null) {
        ids.add(entries.get(next - 1).job().id());
        carried = null;
      }
      for (; next < entries.size(); next++) {
        ids.add(entries.get(next).job().id());
      }
      return ids;
    }

    private @Nullable Request nextSingle(Consumer<Unsendable> unsendable) {
      while (next < entries.size()) {
        Entry e = entries.get(next++);
        try {
          byte[] body =
              config.envelope() == Envelope.DATA
                  // Stored data was validated by the gateway: send it byte for byte.
                  ? e.job().data().getBytes(StandardCharsets.UTF_8)
                  : jobEnvelope(e.event(), e.job()).getBytes(StandardCharsets.UTF_8);
          return new Request(body, e.job().id(), List.of(e.job().id()));
        } catch (Json.JsonException ex) {
          unsendable.accept(new Unsendable(e.job().id(), ex.getMessage()));
        }
      }
      return null;
    }

    /**
     * A JSON array of at most {@code batch.max_size} items and {@code batch.max_bytes} bytes; a
     * single item over the byte limit goes alone.
     */
    private @Nullable Request nextBatch(Consumer<Unsendable> unsendable) {
      List<byte[]> items = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      long size = 2; // the brackets
      if (carried != null) {
        items.add(carried);
        ids.add(entries.get(next - 1).job().id());
        size += carried.length;
        carried = null;
      }
      while (next < entries.size() && items.size() < config.maxBatchSize()) {
        Entry e = entries.get(next++);
        byte[] item;
        try {
          item = item(e.event(), e.job()).getBytes(StandardCharsets.UTF_8);
        } catch (Json.JsonException ex) {
          unsendable.accept(new Unsendable(e.job().id(), ex.getMessage()));
          continue;
        }
        long added = (long) item.length + (items.isEmpty() ? 0 : 1);
        if (!items.isEmpty() && size + added > config.maxBatchBytes()) {
          carried = item;
          break;
        }
        items.add(item);
        ids.add(e.job().id());
        size += added;
      }
      return items.isEmpty() ? null : batch(items, ids);
    }
  }

  private String item(Event event, Job job) {
    if (config.envelope() == Envelope.JOB) {
      return jobEnvelope(event, job);
    }
    return "{\"id\":" + Json.write(job.id()) + ",\"data\":" + raw(job.data(), job) + "}";
  }

  /** The {@code job} envelope; data and context are embedded as stored, byte for byte. */
  private static String jobEnvelope(Event event, Job job) {
    StringBuilder b = new StringBuilder(job.data().length() + job.context().length() + 256);
    b.append("{\"id\":").append(Json.write(job.id()));
    b.append(",\"event_id\":").append(Json.write(job.eventId()));
    b.append(",\"version\":").append(job.version() == null ? "null" : Json.write(job.version()));
    b.append(",\"attempt\":").append(job.attempt());
    b.append(",\"created_at\":").append(Json.write(job.createdAt().toString()));
    b.append(",\"sent_at\":")
        .append(event.sentAt() == null ? "null" : Json.write(event.sentAt().toString()));
    b.append(",\"context\":").append(raw(job.context(), job));
    b.append(",\"data\":").append(raw(job.data(), job));
    return b.append('}').toString();
  }

  /** Stored JSON checked before it is embedded, so one broken job cannot break a whole body. */
  private static String raw(String json, Job job) {
    return Json.requireValid(json, "the stored JSON of job " + job.id());
  }

  private static Request batch(List<byte[]> items, List<String> ids) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write('[');
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        body.write(',');
      }
      body.writeBytes(items.get(i));
    }
    body.write(']');
    return new Request(body.toByteArray(), batchKey(ids), ids);
  }

  /**
   * The same jobs always give the same key, so a batch retried as it was is recognised as a repeat;
   * any other mix of jobs gives another key.
   */
  static String batchKey(List<String> ids) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String id : ids) {
        sha.update(id.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
      }
      return BATCH_KEY_PREFIX + HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
