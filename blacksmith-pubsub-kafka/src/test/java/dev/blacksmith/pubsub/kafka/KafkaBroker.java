package dev.blacksmith.pubsub.kafka;

import java.util.Map;
import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real KRaft cluster in this JVM (one controller, one broker), started once per test class. The
 * broker can be stopped and started again on the same port and log directories, like a restart.
 */
final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {

  /** Options for the adapter's URL that make group membership changes quick in tests. */
  static final String FAST_GROUPS =
      "session.timeout.ms=6000&heartbeat.interval.ms=500&init.timeout.ms=10000";

  private KafkaClusterTestKit cluster;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  void start() throws Exception {
    TestKitNodes nodes =
        new TestKitNodes.Builder()
            .setCombined(false)
            .setNumControllerNodes(1)
            .setNumBrokerNodes(1)
            .build();
    KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
    Map.of(
            "group.initial.rebalance.delay.ms", "0",
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "3",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "group.min.session.timeout.ms", "1000",
            "auto.create.topics.enable", "false")
        .forEach(builder::setConfigProp);
    cluster = builder.build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    close();
  }

  void close() throws Exception {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }

  String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** A {@code kafka://} URL for this cluster with {@code options} (without the {@code ?}). */
  String url(String options) {
    return "kafka://" + bootstrapServers() + (options.isEmpty() ? "" : "?" + options);
  }

  private BrokerServer broker() {
    return cluster.brokers().values().iterator().next();
  }

  /** Stops the broker, as a crash of its process would, less the lost page cache. */
  void stopBroker() {
    broker().shutdown();
  }

  /** Starts the stopped broker again, on its port and log directories. */
  void startBroker() throws Exception {
    broker().startup();
    cluster.waitForReadyBrokers();
  }
}
