package dev.blacksmith.pubsub.nats;

import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.pubsub.PubSubProvider;

/**
 * Opens {@link NatsPubSub} for {@code nats://} URLs; registered for {@link
 * java.util.ServiceLoader}.
 *
 * <p>URL form: {@code nats://[user:password@]host[:port][,host[:port]...][?option=value&...]}.
 * Several servers of one cluster are separated by commas (the scheme may be given once); the port
 * defaults to 4222; credentials given once apply to every server ({@code nats://token@host} for a
 * token). Passwords never appear in logs or error messages.
 *
 * <p>Options (durations as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 24h}, {@code 7d} or
 * ISO-8601 such as {@code PT1H}):
 *
 * <table>
 *   <caption>Query options</caption>
 *   <tr><th>Option</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>{@code stream_prefix}</td><td>{@code blacksmith_}</td>
 *       <td>Prefix of the streams the adapter creates ({@code <prefix><topic>}, characters NATS
 *       refuses replaced by {@code _} plus a short hash). A stream that already captures a
 *       topic's subject is used instead, whatever its name.</td></tr>
 *   <tr><td>{@code max_age}</td><td>{@code 24h}</td>
 *       <td>How long a created stream keeps messages ({@code 0}: no limit). Wake-ups are
 *       short-lived; a subscription group away for longer misses what expired.</td></tr>
 *   <tr><td>{@code max_bytes}</td><td>{@code -1}</td>
 *       <td>Size limit of a created stream, oldest messages dropped first ({@code -1}: none).</td></tr>
 *   <tr><td>{@code replicas}</td><td>{@code 1}</td>
 *       <td>Replicas of a created stream (clustered JetStream).</td></tr>
 *   <tr><td>{@code max_ack_pending}</td><td>{@code 256}</td>
 *       <td>Unacknowledged messages the broker lets one subscription group hold, across all its
 *       members; beyond it the backlog waits on the broker.</td></tr>
 *   <tr><td>{@code concurrency}</td><td>{@code 16}</td>
 *       <td>Handlers running at once in one subscriber (bounded by {@code max_ack_pending}), and
 *       its pull batch size.</td></tr>
 *   <tr><td>{@code ack_wait}</td><td>{@code 30s}</td>
 *       <td>How long the broker waits for an acknowledgement before redelivering (a handler still
 *       running keeps its message with in-progress signals).</td></tr>
 *   <tr><td>{@code nak_delay}</td><td>{@code 1s}</td>
 *       <td>Redelivery delay after a handler throws; doubles with each delivery, up to 1 min.</td></tr>
 *   <tr><td>{@code max_deliver}</td><td>{@code -1}</td>
 *       <td>Deliveries of one message before the broker stops offering it ({@code -1}: no
 *       limit, so a failing subscription trigger keeps retrying rather than dropping).</td></tr>
 *   <tr><td>{@code connect_timeout}</td><td>{@code 2s}</td>
 *       <td>Per server, for the first connection; no answer fails {@code init} fast.</td></tr>
 *   <tr><td>{@code request_timeout}</td><td>{@code 5s}</td>
 *       <td>Longest wait for a publish ack or a JetStream API answer.</td></tr>
 *   <tr><td>{@code reconnect_wait}</td><td>{@code 1s}</td>
 *       <td>Pause between reconnection attempts (they go on forever).</td></tr>
 *   <tr><td>{@code pull_expiry}</td><td>{@code 5s}</td>
 *       <td>Lifetime of one pull request; a lost pull is noticed within about 1.5 times it.</td></tr>
 *   <tr><td>{@code name}</td><td>{@code blacksmith}</td>
 *       <td>Connection name shown by the server's monitoring.</td></tr>
 * </table>
 *
 * <p>Example: {@code nats://app:secret@nats1:4222,nats2:4222?max_age=1h&max_ack_pending=1000}.
 */
public final class NatsPubSubProvider implements PubSubProvider {

  @Override
  public boolean supports(String url) {
    return url != null && NatsSettings.supports(url);
  }

  /**
   * An adapter for {@code url}; nothing connects until a publisher or subscriber is initialised.
   *
   * @throws dev.blacksmith.spi.pubsub.PubSubException when the URL or an option is malformed
   */
  @Override
  public PubSub open(String url) {
    return new NatsPubSub(url);
  }
}
